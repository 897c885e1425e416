package io.atrium.command.dispatch;

import io.atrium.events.EventMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.stereotype.Component;

/**
 * Copies the request's metadata from a command onto every event it causes, and records the
 * command's message id as the events' causation id. This is what the operation log shows.
 */
@Component
public class EventMetadataProvider implements CorrelationDataProvider {

    private static final List<String> COPIED = List.of(
            EventMetadata.TENANT,
            EventMetadata.ACTOR,
            EventMetadata.CLIENT_ADDRESS,
            EventMetadata.CORRELATION_ID,
            EventMetadata.COMMAND_NAME);

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        Map<String, Object> data = new HashMap<>();
        for (String key : COPIED) {
            Object value = message.getMetaData().get(key);
            if (value != null) {
                data.put(key, value);
            }
        }
        if (message instanceof CommandMessage<?>) {
            data.put(EventMetadata.CAUSATION_ID, message.getIdentifier());
        }
        return data;
    }
}
