package io.atrium.command.eventstore.golden;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.atrium.command.apikey.ApiKey;
import io.atrium.command.apikey.ApiKeyCommands.RevokeApiKey;
import io.atrium.command.apikey.OwnerKeyGuard;
import io.atrium.command.eventstore.AxonEventStore;
import io.atrium.command.eventstore.EventStoreDatabase;
import io.atrium.command.hostapp.HostApp;
import io.atrium.command.hostapp.HostAppCommands.DefineMenuItem;
import io.atrium.command.member.BuiltInRoles;
import io.atrium.command.member.Issuer;
import io.atrium.command.member.LoginAttempts;
import io.atrium.command.member.LoginPolicy;
import io.atrium.command.member.Member;
import io.atrium.command.member.MemberCommands.RecordLoginAttempt;
import io.atrium.command.member.MemberCommands.SetLoginPolicy;
import io.atrium.command.member.MemberCommands.UpdateMember;
import io.atrium.command.member.TenantLoginPolicy;
import io.atrium.command.miniprogram.MiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.DelistMiniProgram;
import io.atrium.command.miniprogram.MiniProgramCommands.UpdateMiniProgramDetails;
import io.atrium.command.miniprogram.PackageSealing;
import io.atrium.command.problem.InvariantViolation;
import io.atrium.command.tenant.Tenant;
import io.atrium.command.tenant.TenantCommands.SuspendTenant;
import io.atrium.command.tenant.TenantDirectory;
import io.atrium.events.ActorId;
import io.atrium.events.AtriumEvent;
import io.atrium.events.EventTypes;
import io.atrium.events.EventUpcasters;
import io.atrium.events.InvalidValueException;
import io.atrium.events.TenantId;
import io.atrium.events.access.Caller;
import io.atrium.events.apikey.ApiKeyEvent;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.apikey.ApiKeyRevoked;
import io.atrium.events.apikey.Role;
import io.atrium.events.hostapp.HostAppEvent;
import io.atrium.events.hostapp.HostAppId;
import io.atrium.events.hostapp.MenuItemDefined;
import io.atrium.events.member.LoginAttemptEvent;
import io.atrium.events.member.LoginPolicyEvent;
import io.atrium.events.member.MemberEvent;
import io.atrium.events.member.MemberId;
import io.atrium.events.member.MemberRemoved;
import io.atrium.events.miniprogram.MiniProgramCreated;
import io.atrium.events.miniprogram.MiniProgramDelisted;
import io.atrium.events.miniprogram.MiniProgramDetails;
import io.atrium.events.miniprogram.MiniProgramEvent;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.VersionUploaded;
import io.atrium.events.tenant.TenantDeleted;
import io.atrium.events.tenant.TenantEvent;
import io.atrium.events.tenant.TenantSuspended;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Every stored event of the golden corpus loads, upcasts and deserializes with today's code, and
 * every aggregate replays its stream and goes on taking commands. A change that makes old events
 * unreadable fails here; so does an event type or revision that has no corpus entry yet.
 */
class GoldenCorpusTest {

    static final ActorId OPERATOR = new ActorId("key-01jd00000000000000000000op");

    @TempDir
    Path dir;

    private HikariDataSource data;
    private JdbcEventStorageEngine engine;

    @BeforeEach
    void load() {
        data = EventStoreDatabase.open(
                "jdbc:h2:file:" + dir.resolve("events") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "", 2);
        GoldenCorpus.insert(new JdbcTemplate(data), GoldenCorpus.rows());
        engine = AxonEventStore.engine(
                data,
                new SpringTransactionManager(new DataSourceTransactionManager(data)),
                AxonEventStore.eventSerializer(),
                AxonEventStore.stateSerializer());
    }

    @AfterEach
    void close() {
        data.close();
    }

    private List<TrackedEventMessage<?>> readAll() {
        List<TrackedEventMessage<?>> all = new ArrayList<>();
        engine.readEvents(null, false).forEach(all::add);
        return all;
    }

    @Test
    void everyEventTypeAtItsCurrentRevisionHasACorpusEntry() {
        List<String> stored = GoldenCorpus.rows().stream()
                .map(r -> r.payloadType() + "@" + r.payloadRevision())
                .distinct()
                .toList();
        for (EventTypes.Descriptor type : EventTypes.ALL.all()) {
            assertThat(stored)
                    .as(
                            "%s revision %d has no golden corpus entry: add one to GoldenCorpusWriter.entries() and run it",
                            type.name(), type.revision())
                    .contains(type.name() + "@" + type.revision());
        }
        assertThat(GoldenCorpus.rows())
                .as("the corpus keeps rows from before stable names")
                .anyMatch(r -> r.payloadRevision() == null && EventTypes.ALL.isLegacyName(r.payloadType()));
    }

    @Test
    void everyStoredEventLoadsAsTheClassItsNameStandsFor() {
        List<GoldenCorpus.Row> rows = GoldenCorpus.rows();
        List<TrackedEventMessage<?>> read = readAll();

        assertThat(read).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Object payload = read.get(i).getPayload();
            Class<?> expected = EventTypes.ALL
                    .forName(rows.get(i).payloadType())
                    .orElseThrow()
                    .type();
            assertThat(payload).as("row %d (%s)", i, rows.get(i).payloadType()).isInstanceOf(expected);
        }
    }

    /**
     * Nothing of a stored event is lost on reading it. Each row, read with today's classes and written
     * again, must be the stored JSON brought up to date by the upcasters, member for member: a field
     * renamed or dropped without a new revision and its upcaster reads old rows as empty, and fails here.
     * (Absent and null members count as the same: old rows may omit what was null.)
     */
    @Test
    void everyStoredEventReadsBackWithoutLosingAMember() throws Exception {
        ObjectMapper mapper = AxonEventStore.eventMapper();
        List<GoldenCorpus.Row> rows = GoldenCorpus.rows();
        List<TrackedEventMessage<?>> read = readAll();
        assertThat(read).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            GoldenCorpus.Row row = rows.get(i);
            EventTypes.Descriptor type =
                    EventTypes.ALL.forName(row.payloadType()).orElseThrow();
            int revision = row.payloadRevision() == null ? 1 : Integer.parseInt(row.payloadRevision());
            Map<String, Object> stored = mapper.readValue(row.payload(), new TypeReference<Map<String, Object>>() {});
            Map<String, Object> upcast = EventUpcasters.ALL.upcast(type.name(), revision, type.revision(), stored);
            JsonNode expected = withoutNulls(mapper.readTree(mapper.writeValueAsString(upcast)));
            JsonNode actual = withoutNulls(
                    mapper.readTree(mapper.writeValueAsString(read.get(i).getPayload())));
            assertThat(actual)
                    .as(
                            "row %d (%s revision %s) read back and written again",
                            i, row.payloadType(), row.payloadRevision())
                    .isEqualTo(expected);
        }
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode out = object.objectNode();
            object.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = array.arrayNode();
            array.forEach(item -> out.add(withoutNulls(item)));
            return out;
        }
        return node;
    }

    /** Every upload in the corpus was of 2,048 bytes; revision-1 and legacy rows say so as packageSize, which the upcaster renames. */
    @Test
    void uploadsOfEveryRevisionReadWithTheirSize() {
        List<TrackedEventMessage<?>> uploads = readAll().stream()
                .filter(m -> m.getPayload() instanceof VersionUploaded)
                .toList();
        assertThat(GoldenCorpus.rows()).anyMatch(r -> r.payload().contains("\"packageSize\""));
        assertThat(uploads)
                .isNotEmpty()
                .allSatisfy(m -> assertThat(((VersionUploaded) m.getPayload()).packageBytes())
                        .isEqualTo(2048));
    }

    /** The legacy rows hold details with more tags than today's limit: they load, and only a new command is held to it. */
    @Test
    void eventsWrittenUnderALooserLimitStillLoadButCommandsMeetTodaysLimit() {
        MiniProgramCreated legacy = readAll().stream()
                .map(TrackedEventMessage::getPayload)
                .filter(p ->
                        p instanceof MiniProgramCreated c && c.details().tags().size() > MiniProgramDetails.MAX_TAGS)
                .map(MiniProgramCreated.class::cast)
                .findFirst()
                .orElseThrow();

        miniProgramFixture()
                .given(streamOf(legacy.miniProgramId().value()))
                .when(new UpdateMiniProgramDetails(
                        legacy.miniProgramId(), legacy.tenantId(), legacy.developer(), "Renamed", null, null, null))
                .expectException(InvalidValueException.class)
                .expectExceptionMessage("at most " + MiniProgramDetails.MAX_TAGS + " tags");
    }

    @Test
    void everyAggregateReplaysItsStreamAndTakesCommands() {
        Map<String, List<Object>> streams = new LinkedHashMap<>();
        readAll()
                .forEach(m -> streams.computeIfAbsent(
                                ((AtriumEvent) m.getPayload()).aggregateId(), k -> new ArrayList<>())
                        .add(m.getPayload()));
        assertThat(streams).isNotEmpty();
        streams.forEach((id, events) -> {
            Object first = events.get(0);
            if (first instanceof MiniProgramEvent) {
                MiniProgramId mp = new MiniProgramId(id);
                TenantId tenant = ((MiniProgramCreated) first).tenantId();
                miniProgramFixture()
                        .given(events)
                        .when(new DelistMiniProgram(mp, tenant, OPERATOR, "corpus check", false))
                        .expectEvents(new MiniProgramDelisted(mp, "corpus check", false));
            } else if (first instanceof HostAppEvent) {
                HostAppId host = new HostAppId(id);
                FixtureConfiguration<HostApp> fixture = new AggregateTestFixture<>(HostApp.class);
                fixture.given(events)
                        .when(new DefineMenuItem(host, TenantId.DEFAULT, OPERATOR, "corpusCheck", "Check"))
                        .expectEvents(new MenuItemDefined(host, "corpusCheck", "Check"));
            } else if (first instanceof MemberEvent) {
                FixtureConfiguration<Member> fixture = new AggregateTestFixture<>(Member.class);
                fixture.registerInjectableResource(new BuiltInRoles());
                MemberId member = new MemberId(id);
                var then = fixture.given(events)
                        .when(new UpdateMember(
                                member,
                                TenantId.DEFAULT,
                                OPERATOR,
                                "Corpus Check",
                                null,
                                Issuer.of(Caller.system(TenantId.DEFAULT))));
                if (events.stream().anyMatch(MemberRemoved.class::isInstance)) {
                    then.expectException(AggregateDeletedException.class);
                } else {
                    then.expectSuccessfulHandlerExecution();
                }
            } else if (first instanceof LoginAttemptEvent attempt) {
                FixtureConfiguration<LoginAttempts> fixture = new AggregateTestFixture<>(LoginAttempts.class);
                fixture.given(events)
                        .when(new RecordLoginAttempt(
                                attempt.attemptsId(),
                                TenantId.DEFAULT,
                                OPERATOR,
                                "corpus@example.com",
                                null,
                                "bad-credentials",
                                LoginPolicy.DEFAULT,
                                Instant.parse("2030-01-01T00:00:00Z")))
                        .expectSuccessfulHandlerExecution();
            } else if (first instanceof LoginPolicyEvent) {
                FixtureConfiguration<TenantLoginPolicy> fixture = new AggregateTestFixture<>(TenantLoginPolicy.class);
                fixture.given(events)
                        .when(new SetLoginPolicy(TenantId.DEFAULT, OPERATOR, LoginPolicy.DEFAULT))
                        .expectSuccessfulHandlerExecution();
            } else if (first instanceof ApiKeyEvent) {
                FixtureConfiguration<ApiKey> fixture = new AggregateTestFixture<>(ApiKey.class);
                fixture.registerInjectableResource((OwnerKeyGuard) tenant -> 2);
                var then = fixture.given(events)
                        .when(new RevokeApiKey(new ApiKeyId(id), TenantId.DEFAULT, OPERATOR, Set.of(Role.OWNER)));
                if (events.stream().anyMatch(ApiKeyRevoked.class::isInstance)) {
                    then.expectException(InvariantViolation.class);
                } else {
                    then.expectEvents(new ApiKeyRevoked(new ApiKeyId(id), OPERATOR));
                }
            } else if (first instanceof TenantEvent created) {
                FixtureConfiguration<Tenant> fixture = new AggregateTestFixture<>(Tenant.class);
                fixture.registerInjectableResource((TenantDirectory) tenant -> true);
                var then = fixture.given(events)
                        .when(new SuspendTenant(created.tenantId(), TenantId.DEFAULT, OPERATOR, "corpus check"));
                if (events.stream().anyMatch(TenantDeleted.class::isInstance)) {
                    then.expectException(InvariantViolation.class);
                } else {
                    then.expectEvents(new TenantSuspended(created.tenantId(), "corpus check", OPERATOR));
                }
            }
        });
    }

    private List<Object> streamOf(String aggregateId) {
        return engine.readEvents(aggregateId)
                .asStream()
                .map(m -> (Object) m.getPayload())
                .toList();
    }

    private static FixtureConfiguration<MiniProgram> miniProgramFixture() {
        FixtureConfiguration<MiniProgram> fixture = new AggregateTestFixture<>(MiniProgram.class);
        fixture.registerInjectableResource((PackageSealing) (id, version, digest) -> {
            throw new AssertionError("the corpus check seals nothing");
        });
        return fixture;
    }
}
