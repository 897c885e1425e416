package io.atrium.projections.readmodel;

import java.util.ArrayList;
import java.util.List;

/**
 * What differs between H2 (MySQL mode) and MySQL for the one thing the shared SQL cannot say alike:
 * cloning a table and swapping a set of tables in one step, which replay needs.
 */
public enum ReadModelDialect {
    /** MySQL/MariaDB: {@code CREATE TABLE ... LIKE} copies keys and indexes; a multi-table RENAME is atomic. */
    MYSQL("DATABASE()") {
        @Override
        public List<String> cloneTable(Table table, String clone, List<String> notNullColumns) {
            List<String> ddl = new ArrayList<>(
                    List.of("DROP TABLE IF EXISTS " + clone, "CREATE TABLE " + clone + " LIKE " + table.name()));
            // Loaded without secondary indexes; addIndexes builds them once, after the bulk of the rows.
            for (Index index : table.indexes()) {
                ddl.add("ALTER TABLE " + clone + " DROP INDEX " + index.name());
            }
            return ddl;
        }

        @Override
        public List<String> addIndexes(Table table, String clone) {
            if (table.indexes().isEmpty()) {
                return List.of();
            }
            List<String> adds = new ArrayList<>();
            for (Index index : table.indexes()) {
                adds.add("ADD " + (index.unique() ? "UNIQUE " : "") + "INDEX " + index.name() + " ("
                        + String.join(", ", index.columns()) + ")");
            }
            return List.of("ALTER TABLE " + clone + " " + String.join(", ", adds));
        }

        @Override
        public List<String> swap(List<Table> tables, String suffixNew, String suffixOld) {
            List<String> renames = new ArrayList<>();
            for (Table t : tables) {
                renames.add(t.name() + " TO " + t.name() + suffixOld);
                renames.add(t.name() + suffixNew + " TO " + t.name());
            }
            return List.of("RENAME TABLE " + String.join(", ", renames));
        }
    },
    /** H2: clone by copying columns, then keys and indexes; renames happen while the database is exclusive. */
    H2("CURRENT_SCHEMA") {
        @Override
        public List<String> cloneTable(Table table, String clone, List<String> notNullColumns) {
            List<String> ddl = new ArrayList<>();
            ddl.add("DROP TABLE IF EXISTS " + clone);
            ddl.add("CREATE TABLE " + clone + " AS SELECT * FROM " + table.name() + " WITH NO DATA");
            // Copying by query keeps the columns but drops NOT NULL; put it back where the schema has it.
            for (String column : notNullColumns) {
                ddl.add("ALTER TABLE " + clone + " ALTER COLUMN " + column + " SET NOT NULL");
            }
            ddl.add("ALTER TABLE " + clone + " ADD PRIMARY KEY (" + String.join(", ", table.primaryKey()) + ")");
            return ddl;
        }

        @Override
        public List<String> addIndexes(Table table, String clone) {
            // H2's index names are unique per schema, not per table: each replay's get a suffix of their own.
            String suffix = "_" + Long.toString(System.currentTimeMillis(), 36);
            List<String> ddl = new ArrayList<>();
            for (Index index : table.indexes()) {
                ddl.add("CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + index.name() + suffix + " ON "
                        + clone + " (" + String.join(", ", index.columns()) + ")");
            }
            return ddl;
        }

        @Override
        public List<String> swap(List<Table> tables, String suffixNew, String suffixOld) {
            List<String> statements = new ArrayList<>();
            // Other connections pause while the database is exclusive, so none sees half the set swapped.
            statements.add("SET EXCLUSIVE 1");
            for (Table t : tables) {
                statements.add("ALTER TABLE " + t.name() + " RENAME TO " + t.name() + suffixOld);
                statements.add("ALTER TABLE " + t.name() + suffixNew + " RENAME TO " + t.name());
            }
            statements.add("SET EXCLUSIVE 0");
            return statements;
        }
    };

    private final String currentSchema;

    ReadModelDialect(String currentSchema) {
        this.currentSchema = currentSchema;
    }

    /** The SQL expression naming the schema the read models are in, for {@code information_schema} queries. */
    public String currentSchema() {
        return currentSchema;
    }

    /**
     * Statements that create {@code clone} with the columns and primary key of {@code table}, but
     * without its secondary indexes (see {@link #addIndexes}).
     *
     * @param notNullColumns the table's NOT NULL columns (from {@code information_schema})
     */
    public abstract List<String> cloneTable(Table table, String clone, List<String> notNullColumns);

    /** Statements that give {@code clone} the secondary indexes of {@code table}. */
    public abstract List<String> addIndexes(Table table, String clone);

    /** Statements that put every {@code <table><suffixNew>} in place of its table, keeping the old as {@code <table><suffixOld>}. */
    public abstract List<String> swap(List<Table> tables, String suffixNew, String suffixOld);

    /**
     * A read-model table as replay needs to know it (the same keys and indexes the schema migration creates).
     *
     * @param primaryKey its key columns
     * @param indexes    its secondary indexes
     */
    public record Table(String name, List<String> primaryKey, List<Index> indexes) {}

    /** A secondary index, named as in the schema migration. */
    public record Index(String name, List<String> columns, boolean unique) {

        public static Index of(String name, String... columns) {
            return new Index(name, List.of(columns), false);
        }

        public static Index unique(String name, String... columns) {
            return new Index(name, List.of(columns), true);
        }
    }
}
