package io.atrium.command.dispatch;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of the 202 a recorded command answers.
 *
 * @param id       the aggregate the command changed or created
 * @param position the event-log position of its last event: a read with {@code ?minPosition=} at least this sees the change
 */
@Schema(description = "A recorded command", example = "{\"id\": \"mp-01jd8q3k5v6w7x8y9z0a1b2c3d\", \"position\": 42}")
public record CommandAnswer(
        @Schema(example = "mp-01jd8q3k5v6w7x8y9z0a1b2c3d") String id,
        @Schema(example = "42") long position) {

    public static CommandAnswer of(Accepted accepted) {
        return new CommandAnswer(accepted.id(), accepted.position());
    }
}
