package io.conntrackd.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.conntrackd.conntrack.ConntrackEvent;
import io.conntrackd.sink.JsonFieldWriter;

/**
 * A Jackson module that writes an event as the stream sink does (the same field writer) and reads it
 * back, so that {@code marshal: json} and {@code unmarshal: json} with Jackson, and any ObjectMapper
 * of the application, use the fields of docs/fields.md. Camel's Jackson data format takes it with
 * {@code moduleClassNames}; {@code ObjectMapper.findAndRegisterModules()} finds it by its service file.
 */
public final class ConntrackJacksonModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    public ConntrackJacksonModule() {
        super("conntrackd");
        addSerializer(ConntrackEvent.class, new EventSerializer());
        addDeserializer(ConntrackEvent.class, new EventDeserializer());
    }

    private static final class EventSerializer extends StdSerializer<ConntrackEvent> {
        private static final long serialVersionUID = 1L;

        EventSerializer() {
            super(ConntrackEvent.class);
        }

        @Override
        public void serialize(ConntrackEvent event, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            new JsonFieldWriter(generator).writeLogObject(event);
        }
    }

    private static final class EventDeserializer extends StdDeserializer<ConntrackEvent> {
        private static final long serialVersionUID = 1L;

        EventDeserializer() {
            super(ConntrackEvent.class);
        }

        @Override
        public ConntrackEvent deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            try {
                return EventJsonReader.readObject(parser);
            } catch (MalformedEventException e) {
                throw JsonMappingException.from(parser, e.getMessage(), e);
            }
        }
    }
}
