package store_test

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/folio-cms/folio/internal/content"
	"github.com/folio-cms/folio/internal/store"
	"github.com/folio-cms/folio/internal/testutil"
)

func testEvent(typ string) content.Event {
	return content.Event{Type: typ, Entity: "test", EntityID: typ, OccurredAt: t0, Data: []byte(`{"n":"` + typ + `"}`)}
}

// TestAppendEventsInOrder checks that events appended in one statement
// get increasing ids in the order given, and read back in that order.
func TestAppendEventsInOrder(t *testing.T) {
	st := testutil.NewDB(t)
	ctx := context.Background()
	var ids []int64
	err := st.InTx(ctx, func(tx *store.Store) error {
		first, err := tx.AppendEvent(ctx, testEvent("a"))
		if err != nil {
			return err
		}
		more, err := tx.AppendEvents(ctx, []content.Event{testEvent("b"), testEvent("c"), testEvent("d")})
		ids = append([]int64{first}, more...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 4 {
		t.Fatalf("ids %v, want four", ids)
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			t.Fatalf("ids %v, want increasing", ids)
		}
	}
	got, err := st.ListEvents(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for i, e := range got {
		types = append(types, e.Type)
		// PostgreSQL stores data as jsonb, which writes it back with a space.
		if e.ID != ids[i] || string(e.Data) != `{"n":"`+e.Type+`"}` && string(e.Data) != `{"n": "`+e.Type+`"}` {
			t.Fatalf("event %d: id %d data %s, want id %d", i, e.ID, e.Data, ids[i])
		}
	}
	if !slices.Equal(types, []string{"a", "b", "c", "d"}) {
		t.Fatalf("read back %v", types)
	}
}

// TestEventLogNeverSkipsALateCommit checks the event log's order on
// either database: while a transaction that appended an event is open,
// another cannot commit an event of its own, so a reader paging by id
// never passes an id that a late commit would fill in behind it.
func TestEventLogNeverSkipsALateCommit(t *testing.T) {
	st := testutil.NewDB(t)
	ctx := context.Background()
	appended, release := make(chan int64), make(chan struct{})
	firstDone := make(chan error, 1)
	go func() {
		firstDone <- st.InTx(ctx, func(tx *store.Store) error {
			id, err := tx.AppendEvent(ctx, testEvent("first"))
			if err != nil {
				close(appended)
				return err
			}
			appended <- id
			<-release
			return nil
		})
	}()
	firstID, ok := <-appended
	if !ok {
		t.Fatal(<-firstDone)
	}
	secondDone := make(chan error, 1)
	go func() {
		secondDone <- st.InTx(ctx, func(tx *store.Store) error {
			_, err := tx.AppendEvents(ctx, []content.Event{testEvent("second")})
			return err
		})
	}()
	select {
	case err := <-secondDone:
		close(release)
		t.Fatalf("a second event committed (%v) while the first was uncommitted", err)
	case <-time.After(300 * time.Millisecond):
	}
	close(release)
	if err := <-firstDone; err != nil {
		t.Fatal(err)
	}
	if err := <-secondDone; err != nil {
		t.Fatal(err)
	}
	got, err := st.ListEvents(ctx, 0, 10)
	if err != nil || len(got) != 2 || got[0].ID != firstID || got[0].Type != "first" || got[1].Type != "second" || got[1].ID <= firstID {
		t.Fatalf("events after both commits: %+v (%v)", got, err)
	}
}

// TestEventsShareTheirChangesData appends two events with the same data
// and one with other data in one change: every read gives each its own
// data, also when the event holding it is not among the events read, and
// on SQLite the repeated data is stored once.
func TestEventsShareTheirChangesData(t *testing.T) {
	st := testutil.NewDB(t)
	ctx := context.Background()
	state := []byte(`{"title":"` + strings.Repeat("x", 4000) + `"}`)
	es := []content.Event{
		{Type: "post.created", Entity: "post", EntityID: "p1", OccurredAt: t0, Data: state},
		{Type: "post.published", Entity: "post", EntityID: "p1", OccurredAt: t0, Data: slices.Clone(state)},
		{Type: "post.other", Entity: "post", EntityID: "p1", OccurredAt: t0, Data: []byte(`{"n":1}`)},
	}
	var ids []int64
	err := st.InTx(ctx, func(tx *store.Store) (err error) {
		ids, err = tx.AppendEvents(ctx, es)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	same := func(t *testing.T, got []content.Event, want []content.Event) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%d events, want %d", len(got), len(want))
		}
		for i := range got {
			var g, w any
			if err := json.Unmarshal(got[i].Data, &g); err != nil {
				t.Fatalf("event %d: %v", got[i].ID, err)
			}
			if err := json.Unmarshal(want[i].Data, &w); err != nil {
				t.Fatal(err)
			}
			if got[i].Type != want[i].Type || !reflect.DeepEqual(g, w) {
				t.Fatalf("event %d: %s with %d bytes of data, want %s with %d", got[i].ID, got[i].Type, len(got[i].Data), want[i].Type, len(want[i].Data))
			}
		}
	}
	all, err := st.ListEvents(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	same(t, all, es)
	later, err := st.ListEvents(ctx, ids[0], 10) // without the event that holds the data
	if err != nil {
		t.Fatal(err)
	}
	same(t, later, es[1:])
	own, err := st.EntityEvents(ctx, "post", "p1")
	if err != nil {
		t.Fatal(err)
	}
	same(t, own, es)

	if st.Dialect() == store.DialectSQLite {
		stored, err := st.CountSQL(ctx, "SELECT SUM(length(data)) FROM events")
		if err != nil {
			t.Fatal(err)
		}
		if want := int64(len(state) + len(`{"n":1}`)); stored != want {
			t.Fatalf("the events hold %d bytes of data, want %d (the shared state once)", stored, want)
		}
	}
}

// TestEventHeadsCarryOnlyTheDataAsked reads the log as the read cache does:
// data only for the types asked, resolved even when the event holding a
// shared state is one whose data the page leaves out.
func TestEventHeadsCarryOnlyTheDataAsked(t *testing.T) {
	st := testutil.NewDB(t)
	ctx := context.Background()
	state := []byte(`{"slug":"front","title":"` + strings.Repeat("x", 2000) + `"}`)
	es := []content.Event{
		{Type: "post.created", Entity: "post", EntityID: "p1", OccurredAt: t0, Data: state},
		{Type: "listing.updated", Entity: "listing", EntityID: "l1", OccurredAt: t0, Data: slices.Clone(state)},
		{Type: "post.published", Entity: "post", EntityID: "p1", OccurredAt: t0, Data: slices.Clone(state)},
		{Type: "listing.created", Entity: "listing", EntityID: "l2", OccurredAt: t0, Data: []byte(`{"slug":"other"}`)},
	}
	var ids []int64
	err := st.InTx(ctx, func(tx *store.Store) (err error) {
		ids, err = tx.AppendEvents(ctx, es)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, after := range []int64{0, ids[0]} {
		heads, err := st.ListEventHeads(ctx, after, 10, "listing.")
		if err != nil {
			t.Fatal(err)
		}
		want := es
		if after != 0 {
			want = es[1:]
		}
		if len(heads) != len(want) {
			t.Fatalf("after %d: %d events, want %d", after, len(heads), len(want))
		}
		for i, h := range heads {
			w := want[i]
			if h.Type != w.Type || h.EntityID != w.EntityID || !h.OccurredAt.Equal(w.OccurredAt) {
				t.Fatalf("after %d: event %d is %s %s, want %s %s", after, h.ID, h.Type, h.EntityID, w.Type, w.EntityID)
			}
			if !strings.HasPrefix(w.Type, "listing.") {
				if len(h.Data) != 0 {
					t.Fatalf("after %d: %s has %d bytes of data, want none", after, h.Type, len(h.Data))
				}
				continue
			}
			var g, d any // PostgreSQL hands JSONB back reformatted
			if err := json.Unmarshal(h.Data, &g); err != nil {
				t.Fatalf("after %d: %s: %v (%d bytes)", after, h.Type, err, len(h.Data))
			}
			_ = json.Unmarshal(w.Data, &d)
			if !reflect.DeepEqual(g, d) {
				t.Fatalf("after %d: %s has data %.60s, want %.60s", after, h.Type, h.Data, w.Data)
			}
		}
	}
}
