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
            return List.of("DROP TABLE IF EXISTS " + clone, "CREATE TABLE " + clone + " LIKE " + table.name());
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
            int i = 0;
            for (List<String> index : table.indexes()) {
                ddl.add("CREATE INDEX ix_" + clone + "_" + (i++) + " ON " + clone + " (" + String.join(", ", index) + ")");
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
     * Statements that create {@code clone} with the structure of {@code table}.
     *
     * @param notNullColumns the table's NOT NULL columns (from {@code information_schema})
     */
    public abstract List<String> cloneTable(Table table, String clone, List<String> notNullColumns);

    /** Statements that put every {@code <table><suffixNew>} in place of its table, keeping the old as {@code <table><suffixOld>}. */
    public abstract List<String> swap(List<Table> tables, String suffixNew, String suffixOld);

    /**
     * A read-model table as replay needs to know it.
     *
     * @param primaryKey its key columns
     * @param indexes    its secondary indexes, each a list of columns
     */
    public record Table(String name, List<String> primaryKey, List<List<String>> indexes) {
    }
}
