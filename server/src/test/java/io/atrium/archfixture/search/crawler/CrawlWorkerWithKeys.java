package io.atrium.archfixture.search.crawler;

import java.sql.Connection;

/** Breaks the crawl worker's rule: a worker that could open the database. */
public class CrawlWorkerWithKeys {

    public boolean open(Connection connection) throws java.sql.SQLException {
        return connection.isValid(1);
    }
}
