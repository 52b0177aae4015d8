package lstmjob.codec;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** What {@link InputRecord}'s {@code @TypeInfo} names: every stream of them is serialized by {@link InputRecordSerializer}. */
public final class InputRecordTypeInfo extends TypeInfoFactory<InputRecord> {

    public static final TypeInformation<InputRecord> INSTANCE =
            new SerializerTypeInfo<>(InputRecord.class, InputRecordSerializer.INSTANCE);

    @Override
    public TypeInformation<InputRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
        return INSTANCE;
    }
}
