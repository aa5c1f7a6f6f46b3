-- +goose Up
-- Each tag link carries its post's publish time while the post is
-- published, and NULL while it is a draft. A tag's page of posts then walks
-- one index (post_tags_tag_published) from its newest link, instead of
-- walking every post newest first and probing its links (a rare or unknown
-- tag read the whole table), and a tag's count of posts published by now
-- is a range of that index instead of a look-up of every linked post (the
-- tag list took 0.26 s at 100,000 posts).
--
-- The store writes published_at with each link; the trigger keeps it when
-- a post's status or publish time changes in any other way.
ALTER TABLE post_tags ADD COLUMN published_at DATETIME;
UPDATE post_tags SET published_at = (
    SELECT p.published_at FROM posts p WHERE p.id = post_tags.post_id AND p.status = 'published');
CREATE INDEX post_tags_tag_published ON post_tags (tag_id, published_at DESC, post_id DESC);
DROP INDEX post_tags_tag;

-- +goose StatementBegin
CREATE TRIGGER post_tags_published AFTER UPDATE OF status, published_at ON posts
WHEN old.status IS NOT new.status OR old.published_at IS NOT new.published_at BEGIN
    UPDATE post_tags SET published_at = CASE WHEN new.status = 'published' THEN new.published_at END
    WHERE post_id = new.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER post_tags_published;
CREATE INDEX post_tags_tag ON post_tags (tag_id, post_id);
DROP INDEX post_tags_tag_published;
ALTER TABLE post_tags DROP COLUMN published_at;
