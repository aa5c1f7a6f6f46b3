// Package demo loads a small, real-looking blog into an empty database so
// that a newcomer's first request shows something worth reading.
package demo

import (
	"bufio"
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/service"
)

//go:embed posts/*.md
var files embed.FS

type author struct{ email, name, bio string }

var authors = map[string]author{
	"maya": {"maya@demo.folio.dev", "Maya Okafor", "Writes about distributed systems and the databases under them."},
	"jon":  {"jon@demo.folio.dev", "Jon Lindqvist", "Frontend engineer; cares about fast pages and honest APIs."},
}

// Load writes the demo authors and posts when the database has no posts,
// and returns how many posts it wrote. Demo authors get random passwords:
// they exist to own posts, not to sign in.
func Load(ctx context.Context, svc *service.Service) (int, error) {
	ctx = content.WithActor(ctx, service.SystemActor)
	existing, err := svc.ListPosts(ctx, content.PostFilter{Status: content.FilterAny, Limit: 1}, "", false)
	if err != nil || len(existing.Posts) > 0 {
		return 0, err
	}
	ids := map[string]string{}
	for key, a := range authors {
		u, err := svc.CreateUser(ctx, content.UserInput{Email: ptr(a.email), Password: ptr(randomPassword()),
			Name: ptr(a.name), Role: ptr(content.RoleEditor), Bio: ptr(a.bio)})
		if err != nil {
			return 0, fmt.Errorf("demo author %s: %w", key, err)
		}
		ids[key] = u.ID
	}
	names, _ := fs.Glob(files, "posts/*.md")
	for _, name := range names {
		in, err := parse(name, ids, svc.Now())
		if err != nil {
			return 0, err
		}
		if _, err := svc.CreatePost(ctx, in); err != nil {
			return 0, fmt.Errorf("demo post %s: %w", name, err)
		}
	}
	return len(names), nil
}

// parse reads a demo post: "key: value" header lines, a blank line, the body.
func parse(name string, authorIDs map[string]string, now time.Time) (content.PostInput, error) {
	raw, err := files.ReadFile(name)
	if err != nil {
		return content.PostInput{}, err
	}
	head, body, _ := strings.Cut(string(raw), "\n\n")
	in := content.PostInput{BodyMarkdown: ptr(strings.TrimSpace(body)), Status: ptr(content.StatusPublished)}
	sc := bufio.NewScanner(strings.NewReader(head))
	for sc.Scan() {
		key, val, _ := strings.Cut(sc.Text(), ":")
		val = strings.TrimSpace(val)
		switch key {
		case "title":
			in.Title = ptr(val)
		case "tags":
			tags := strings.Split(val, ",")
			for i := range tags {
				tags[i] = strings.TrimSpace(tags[i])
			}
			in.Tags = &tags
		case "author":
			in.AuthorID = ptr(authorIDs[val])
		case "featured":
			in.Featured = ptr(val == "true")
		case "days_ago":
			d, err := strconv.Atoi(val)
			if err != nil {
				return in, fmt.Errorf("%s: days_ago: %w", name, err)
			}
			at := now.Add(-time.Duration(d) * 24 * time.Hour)
			in.PublishedAt = ptr(&at)
		}
	}
	return in, nil
}

func randomPassword() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func ptr[T any](v T) *T { return &v }
