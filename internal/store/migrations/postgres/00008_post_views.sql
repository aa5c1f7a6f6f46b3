-- +goose Up
-- The read model of public post reads (CQRS): see the SQLite step of the
-- same number. Here writers run in parallel, so every statement that bumps
-- several views first locks them in post_id order (post_views_bump): two
-- transactions bumping overlapping sets then queue instead of deadlocking.
CREATE TABLE post_views (
    post_id      TEXT PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    gen          BIGINT NOT NULL DEFAULT 1,
    rendered_gen BIGINT NOT NULL DEFAULT 0,
    format       TEXT NOT NULL DEFAULT '',
    page_etag    TEXT NOT NULL DEFAULT '',
    keys         TEXT NOT NULL DEFAULT '',
    card         TEXT NOT NULL DEFAULT '',
    page         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX post_views_stale ON post_views (post_id) WHERE rendered_gen <> gen;

INSERT INTO post_views (post_id) SELECT id FROM posts;

-- +goose StatementBegin
CREATE FUNCTION post_views_bump(ids TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM post_views WHERE post_id = ANY (ids) ORDER BY post_id FOR UPDATE;
    UPDATE post_views SET gen = gen + 1 WHERE post_id = ANY (ids);
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION post_views_on_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO post_views (post_id) VALUES (NEW.id);
    ELSE
        UPDATE post_views SET gen = gen + 1 WHERE post_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION post_views_on_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM post_views_bump(ARRAY[NEW.post_id]);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM post_views_bump(ARRAY[OLD.post_id]);
    ELSE
        PERFORM post_views_bump(ARRAY[OLD.post_id, NEW.post_id]);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION post_views_on_tag() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM post_views_bump(ARRAY(SELECT post_id FROM post_tags WHERE tag_id = NEW.id));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION post_views_on_author() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM post_views_bump(ARRAY(SELECT id FROM posts WHERE author_id = NEW.id));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER post_views_post AFTER INSERT OR UPDATE ON posts
    FOR EACH ROW EXECUTE FUNCTION post_views_on_post();
CREATE TRIGGER post_views_link AFTER INSERT OR UPDATE OR DELETE ON post_tags
    FOR EACH ROW EXECUTE FUNCTION post_views_on_link();
CREATE TRIGGER post_views_tag AFTER UPDATE OF slug, name ON tags
    FOR EACH ROW EXECUTE FUNCTION post_views_on_tag();
CREATE TRIGGER post_views_author AFTER UPDATE OF slug, name ON users
    FOR EACH ROW EXECUTE FUNCTION post_views_on_author();

-- +goose Down
DROP TRIGGER post_views_author ON users;
DROP TRIGGER post_views_tag ON tags;
DROP TRIGGER post_views_link ON post_tags;
DROP TRIGGER post_views_post ON posts;
DROP FUNCTION post_views_on_author();
DROP FUNCTION post_views_on_tag();
DROP FUNCTION post_views_on_link();
DROP FUNCTION post_views_on_post();
DROP FUNCTION post_views_bump(TEXT[]);
DROP TABLE post_views;
