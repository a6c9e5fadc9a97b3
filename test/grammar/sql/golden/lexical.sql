-- Comments, case-insensitive keywords, keywords inside names, non-reserved keywords as names.
select /* block
comment */ selected, fromage -- line comment
FrOm tables_ wHeRe wherever;
SELECT key, value, action, first, last, temp, replace, "index", view, plan, query, row FROM data;
SELECT 1;;; SELECT 2;
SELECT héllo, 名前 FROM données;
