package store

import (
	"bytes"
	"context"
	"strings"
	"time"

	"github.com/folio-cms/folio/internal/content"
)

type eventRow struct {
	ID         int64 `gorm:"primaryKey;autoIncrement"`
	Type       string
	Entity     string
	EntityID   string
	ActorID    string
	RequestID  string
	OccurredAt time.Time
	Data       string
	// DataFrom, when set, is the id of an earlier event of the same change
	// that holds this event's data; Data is then empty (SQLite only, see
	// migration 11). Reads resolve it (resolveData). The log is never
	// pruned; a pruning that ever comes must keep an event that others
	// point to, or copy its data into them first.
	DataFrom *int64
}

func (eventRow) TableName() string { return "events" }

// AppendEvent adds e to the log; call it inside the transaction of the change
// it records, so neither exists without the other.
func (s *Store) AppendEvent(ctx context.Context, e content.Event) (int64, error) {
	ids, err := s.AppendEvents(ctx, []content.Event{e})
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// AppendEvents adds es to the log, in order (on PostgreSQL in one
// statement), and returns their ids; like AppendEvent, call it inside the
// transaction of the change.
func (s *Store) AppendEvents(ctx context.Context, es []content.Event) ([]int64, error) {
	if len(es) == 0 {
		return nil, nil
	}
	if s.dialect == DialectPostgres {
		// Sequence numbers are handed out at insert but become visible at
		// commit; holding this lock until commit makes the two orders agree,
		// so a reader paging by id never skips an event that commits late.
		// SQLite has one writer, so its order is already the commit order.
		if err := s.write(ctx).Exec("SELECT pg_advisory_xact_lock(4242001)").Error; err != nil {
			return nil, translate(err, "lock event log")
		}
	}
	rows := make([]eventRow, len(es))
	for i, e := range es {
		rows[i] = eventRow{Type: e.Type, Entity: e.Entity, EntityID: e.EntityID, ActorID: e.ActorID,
			RequestID: e.RequestID, OccurredAt: e.OccurredAt.UTC(), Data: string(e.Data)}
	}
	if s.dialect == DialectPostgres {
		// One statement: a round trip less while the lock is held.
		if err := s.write(ctx).Create(&rows).Error; err != nil {
			return nil, translate(err, "append event")
		}
	} else {
		// SQLite has no round trip to save, and the creates of the load
		// benchmark measured about 5 % slower with a two-row insert. An
		// event with the same data as an earlier one of this change points
		// to it instead of storing it again.
		for i := range rows {
			if j := sharesData(es, rows, i); j >= 0 {
				from := rows[j].ID
				rows[i].Data, rows[i].DataFrom = "", &from
			}
			if err := s.write(ctx).Create(&rows[i]).Error; err != nil {
				return nil, translate(err, "append event")
			}
		}
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids, nil
}

// sharesData returns the index of the first event before i whose data
// es[i] repeats and that holds it itself, or -1.
func sharesData(es []content.Event, rows []eventRow, i int) int {
	for j := range i {
		if rows[j].DataFrom == nil && bytes.Equal(es[j].Data, es[i].Data) {
			return j
		}
	}
	return -1
}

// resolveData fills in the data of events that share an earlier event's,
// from rows itself when that event is among them, else in one query.
func (s *Store) resolveData(ctx context.Context, rows []eventRow) error {
	var held map[int64]string
	var missing []int64
	for _, r := range rows {
		if r.DataFrom == nil {
			continue
		}
		if held == nil {
			held = make(map[int64]string, len(rows))
			for _, h := range rows {
				if h.DataFrom == nil {
					held[h.ID] = h.Data
				}
			}
		}
		if _, ok := held[*r.DataFrom]; !ok {
			missing = append(missing, *r.DataFrom)
		}
	}
	if len(missing) > 0 {
		var holders []eventRow
		if err := s.write(ctx).Select("id", "data").Where("id IN ?", missing).Find(&holders).Error; err != nil {
			return err
		}
		for _, h := range holders {
			held[h.ID] = h.Data
		}
	}
	for i, r := range rows {
		if r.DataFrom != nil {
			rows[i].Data = held[*r.DataFrom]
		}
	}
	return nil
}

// ListEvents returns up to limit events with id greater than after, oldest first.
func (s *Store) ListEvents(ctx context.Context, after int64, limit int) ([]content.Event, error) {
	var rows []eventRow
	if err := s.write(ctx).Where("id > ?", after).Order("id ASC").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err, "list events")
	}
	if err := s.resolveData(ctx, rows); err != nil {
		return nil, translate(err, "list events")
	}
	return toEvents(rows), nil
}

// ListEventHeads is ListEvents for a reader that needs to know what
// changed, not how: each event without its data, except the events whose
// type begins with withData. The read cache follows the log this way after
// every commit without reading back the whole post that each post event
// carries.
func (s *Store) ListEventHeads(ctx context.Context, after int64, limit int, withData string) ([]content.Event, error) {
	var rows []eventRow
	n := len(withData)
	err := s.write(ctx).Select("id, type, entity, entity_id, actor_id, request_id, occurred_at, "+
		"CASE WHEN substr(type, 1, ?) = ? THEN data END AS data, "+
		"CASE WHEN substr(type, 1, ?) = ? THEN data_from END AS data_from", n, withData, n, withData).
		Where("id > ?", after).Order("id ASC").Limit(limit).Find(&rows).Error
	if err == nil {
		err = s.resolveSome(ctx, rows, func(r eventRow) bool { return strings.HasPrefix(r.Type, withData) })
	}
	if err != nil {
		return nil, translate(err, "list event heads")
	}
	return toEvents(rows), nil
}

// resolveSome is resolveData of the rows that want says were read with
// their data; the others' empty data must not stand in for a shared one.
func (s *Store) resolveSome(ctx context.Context, rows []eventRow, want func(eventRow) bool) error {
	var some []eventRow
	var at []int
	for i, r := range rows {
		if want(r) {
			some, at = append(some, r), append(at, i)
		}
	}
	if err := s.resolveData(ctx, some); err != nil {
		return err
	}
	for j, i := range at {
		rows[i].Data = some[j].Data
	}
	return nil
}

func toEvents(rows []eventRow) []content.Event {
	out := make([]content.Event, len(rows))
	for i, r := range rows {
		out[i] = content.Event{ID: r.ID, Type: r.Type, Entity: r.Entity, EntityID: r.EntityID, ActorID: r.ActorID,
			RequestID: r.RequestID, OccurredAt: r.OccurredAt.UTC(), Data: []byte(r.Data)}
	}
	return out
}

// EntityEvents returns the events of one entity, oldest first.
func (s *Store) EntityEvents(ctx context.Context, entity, id string) ([]content.Event, error) {
	var rows []eventRow
	err := s.write(ctx).Where("entity = ? AND entity_id = ?", entity, id).Order("id ASC").Find(&rows).Error
	if err == nil {
		err = s.resolveData(ctx, rows)
	}
	if err != nil {
		return nil, translate(err, "entity events")
	}
	return toEvents(rows), nil
}
