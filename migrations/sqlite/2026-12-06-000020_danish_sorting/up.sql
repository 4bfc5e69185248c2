-- Danish sorting (#18.15): "aa" sorts as å, ü as y, é and è as e (ui::format::sort_key).
-- The stored keys are already lower case with æ, ø, å written as {, |, }; the new rules
-- rewrite them in the same order the function applies them.
UPDATE jobcenters SET sort_key = replace(replace(replace(replace(sort_key, 'aa', '}'), 'ü', 'y'), 'é', 'e'), 'è', 'e');
UPDATE companies SET sort_key = replace(replace(replace(replace(sort_key, 'aa', '}'), 'ü', 'y'), 'é', 'e'), 'è', 'e');
UPDATE users SET sort_key = replace(replace(replace(replace(sort_key, 'aa', '}'), 'ü', 'y'), 'é', 'e'), 'è', 'e');
UPDATE candidates SET sort_key = replace(replace(replace(replace(sort_key, 'aa', '}'), 'ü', 'y'), 'é', 'e'), 'è', 'e');
