-- FROM: tables, aliases, subqueries, table-valued functions, joins (left-associative with commas).
SELECT * FROM a, b, c;
SELECT * FROM a JOIN b ON a.id = b.id LEFT JOIN c USING (id) LEFT OUTER JOIN d ON 1 RIGHT JOIN e ON 1 FULL OUTER JOIN f ON 1;
SELECT * FROM a INNER JOIN b ON 1 CROSS JOIN c NATURAL JOIN d NATURAL LEFT JOIN e, f;
SELECT * FROM (SELECT 1 AS x) AS s, (SELECT 2) t (y), (VALUES (1, 2), (3, 4)) AS v(p, q);
SELECT * FROM json_each('[1,2]') AS j, generate_series(1, 10) g(n), pragma_table_info('t');
SELECT * FROM (a JOIN b ON a.x = b.x) JOIN (c) AS cc ON 1, ((SELECT 1)) AS s;
SELECT * FROM t1 INDEXED BY i1, t2 NOT INDEXED, main.t3 x;
