-- Operator precedence, SQLite's order (lang_expr.html): || binds tightest, OR loosest.
SELECT 1 + 2 * 3 - 4 / 5 % 6, a || b * c, -a COLLATE nocase, ~a & b | c << 1 >> 2;
SELECT a OR b AND NOT c = d, NOT a IS NULL, a < b = c > d, a = NOT b;
SELECT a BETWEEN 1 AND 2 AND b, a NOT BETWEEN b + 1 AND c * 2;
SELECT a LIKE 'x%' ESCAPE '!', a NOT GLOB '*.c', a REGEXP '^x', a NOT MATCH 'y';
SELECT a IS b, a IS NOT b, a IS NOT DISTINCT FROM b, a IS DISTINCT FROM b;
SELECT a IS NULL, a IS NOT NULL, a ISNULL, a NOTNULL, a NOT NULL;
SELECT a IN (1, 2), a NOT IN (SELECT b FROM u), a IN (), a IN t, a NOT IN main.t;
SELECT a -> '$.x', a ->> '$.y', x::INTEGER, y::double precision, CAST(z AS VARCHAR(10)), CAST(w AS DECIMAL(10, 2));
SELECT (a, b) = (1, 2), (SELECT max(x) FROM u), EXISTS (SELECT 1), NOT EXISTS (SELECT 2);
SELECT a = ANY (SELECT b FROM u), a > ALL (SELECT b FROM u), a <> SOME (VALUES (1));
SELECT CASE WHEN a < 0 THEN 'neg' WHEN a = 0 THEN 'zero' ELSE 'pos' END, CASE a WHEN 1 THEN 'one' END;
SELECT ARRAY[1, 2, 3], ARRAY[], (a + b) * c, ((a));
SELECT a ILIKE 'x%', a NOT ILIKE 'y' ESCAPE '!';
