-- Parameters, numbered as SQLite numbers them within one statement.
SELECT ?, ?, ?5, ?, :name, @other, $dollar, :name, ?2, ?;
SELECT $1, $2, $1;
INSERT INTO t VALUES (?, ?, ?);
