package lstmjob.codec;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** What {@link EncodedRecord}'s {@code @TypeInfo} names: every stream of them uses {@link EncodedRecordSerializer}. */
public final class EncodedRecordTypeInfo extends TypeInfoFactory<EncodedRecord> {

    public static final TypeInformation<EncodedRecord> INSTANCE =
            new SerializerTypeInfo<>(EncodedRecord.class, EncodedRecordSerializer.INSTANCE);

    @Override
    public TypeInformation<EncodedRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
        return INSTANCE;
    }
}
