-- Calls: f(), f(*), f(DISTINCT x), aggregate ORDER BY, FILTER, OVER (window) and OVER name.
SELECT now(), count(*), count(DISTINCT a), count(ALL a), group_concat(a, ',' ORDER BY b DESC), sum(a) FILTER (WHERE a > 0) FROM t;
SELECT row_number() OVER (), rank() OVER (PARTITION BY a, b ORDER BY c DESC) FROM t;
SELECT sum(x) OVER (ORDER BY y ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t;
SELECT sum(x) OVER (ORDER BY y RANGE BETWEEN 2 PRECEDING AND 3 FOLLOWING EXCLUDE NO OTHERS) FROM t;
SELECT sum(x) OVER (GROUPS UNBOUNDED PRECEDING EXCLUDE CURRENT ROW), avg(x) OVER (w ROWS 1 PRECEDING EXCLUDE TIES) FROM t;
SELECT sum(x) FILTER (WHERE x > 1) OVER w, max(x) OVER (ORDER BY y ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING EXCLUDE GROUP) FROM t WINDOW w AS (PARTITION BY z), v AS (w ORDER BY y);
SELECT replace(a, 'x', 'y'), left(a, 2), right(a, 1), like('a%', a), glob('*', a), date('now', '+1 day'), "quoted name"(1);
