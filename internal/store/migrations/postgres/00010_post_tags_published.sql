-- +goose Up
-- Each tag link carries its post's publish time while the post is
-- published: see the SQLite step of the same number.
ALTER TABLE post_tags ADD COLUMN published_at TIMESTAMPTZ;
UPDATE post_tags pt SET published_at = p.published_at FROM posts p
WHERE p.id = pt.post_id AND p.status = 'published';
CREATE INDEX post_tags_tag_published ON post_tags (tag_id, published_at DESC, post_id DESC);
DROP INDEX post_tags_tag;

-- +goose StatementBegin
CREATE FUNCTION post_tags_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE post_tags SET published_at = CASE WHEN NEW.status = 'published' THEN NEW.published_at END
    WHERE post_id = NEW.id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER post_tags_published AFTER UPDATE OF status, published_at ON posts
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.published_at IS DISTINCT FROM NEW.published_at)
EXECUTE FUNCTION post_tags_published();

-- +goose Down
DROP TRIGGER post_tags_published ON posts;
DROP FUNCTION post_tags_published();
CREATE INDEX post_tags_tag ON post_tags (tag_id, post_id);
DROP INDEX post_tags_tag_published;
ALTER TABLE post_tags DROP COLUMN published_at;
