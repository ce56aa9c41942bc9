-- A turn sends its saves and its COMMIT in one round trip, before any row count comes back, so a save that changes no
-- row (the conversation was saved by another host since the turn read it) stops the transaction in the server: the
-- error ends the batch, the COMMIT behind it never runs, and the turn runs again from a fresh read.
CREATE FUNCTION expect_one_row(changed BIGINT) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
BEGIN
    IF changed <> 1 THEN
        RAISE EXCEPTION 'expected one row changed, found %', changed USING ERRCODE = 'HA001';
    END IF;
    RETURN TRUE;
END
$$;
