package lstmjob.savepoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keys as HDF5 link names, reversibly. An HDF5 name cannot hold {@code /} (the path separator) or NUL, and
 * {@code .} and {@code ..} mean the group itself: those characters, control characters and {@code %} itself are
 * written as {@code %XX} (the UTF-8 bytes, upper-case hex), as in URLs. Everything else, non-ASCII letters
 * included, stays readable ({@code sensor 7}, {@code ключ}); h5py reads such UTF-8 names as they are.
 */
public final class HdfNames {

    private HdfNames() {}

    public static String encode(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("an empty key has no HDF5 name");
        }
        StringBuilder sb = new StringBuilder(key.length());
        // "." and ".." name the group itself and its parent: escape their first dot
        int escapeFirstDot = key.equals(".") || key.equals("..") ? 0 : -1;
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (ch == '/' || ch == '%' || ch < 0x20 || ch == 0x7f || i == escapeFirstDot) {
                sb.append('%').append(String.format("%02X", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** The key of a name written by {@link #encode}; a name without {@code %} is its own key. */
    public static String decode(String name) {
        if (name.indexOf('%') < 0) {
            return name;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length());
        for (int i = 0; i < name.length(); ) {
            char ch = name.charAt(i);
            if (ch == '%') {
                if (i + 2 >= name.length()) {
                    throw new IllegalArgumentException("'" + name + "': % must be followed by two hex digits");
                }
                int hi = Character.digit(name.charAt(i + 1), 16);
                int lo = Character.digit(name.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("'" + name + "': % must be followed by two hex digits");
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                int cp = name.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
