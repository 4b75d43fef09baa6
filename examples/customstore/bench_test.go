package main

import (
	"testing"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/examples/internal/must"
	"github.com/wushe/wushe/linkage"
)

func benchWorker(id uuid.UUID) linkage.SocialWorker {
	return linkage.SocialWorker{ID: id, Name: must.Name("李明"), Phone: must.Phone("13900000002"),
		Agency: "Xinyuan", Qualification: linkage.QualificationSocial, CaseloadCap: 25, Status: linkage.WorkerActive}
}

// BenchmarkCreate measures one atomic file write (encode, temp file, sync, rename).
func BenchmarkCreate(b *testing.B) {
	s, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	for b.Loop() {
		if err := s.CreateSocialWorker(ctx, benchWorker(uuid.New())); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGet measures one read and decode.
func BenchmarkGet(b *testing.B) {
	s, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	id := uuid.New()
	if err := s.CreateSocialWorker(ctx, benchWorker(id)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.GetSocialWorker(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUpdate measures a read-modify-write.
func BenchmarkUpdate(b *testing.B) {
	s, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	id := uuid.New()
	if err := s.CreateSocialWorker(ctx, benchWorker(id)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.UpdateSocialWorker(ctx, id, func(w *linkage.SocialWorker) error { w.OpenCases++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkList1000 measures one page of 100 out of 1000 stored entities: a list reads and
// decodes every file of the type, which is the cost of having no index.
func BenchmarkList1000(b *testing.B) {
	s, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	for range 1000 {
		if err := s.CreateSocialWorker(ctx, benchWorker(uuid.New())); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		p, err := s.ListSocialWorkers(ctx, linkage.SocialWorkerFilter{Page: wushe.PageRequest{Limit: 100}})
		if err != nil || len(p.Items) != 100 {
			b.Fatal(err, len(p.Items))
		}
	}
}
