-- The old keys wrote "aa", ü, é and è as they were; the new keys cannot tell which "}" was "aa".
SELECT 1;
