package scaleprobe

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wushe/wushe/internal/runcost"
)

// Sizes are the data set sizes the benchmarks run at: 1k, 10k and 50k of each. Pick one
// with an anchored pattern, -bench 'Scale/^n=10000$/', since n=1000 also matches n=10000.
var Sizes = []int{1_000, 10_000, 50_000}

// Bench runs the probe's benchmarks on Stores that open returns (each empty and new), as
// sub-benchmarks n=<size>/<operation>. BulkLoad registers n volunteers in a fresh Store per
// iteration; the others share one Store per size, loaded the first time one of them runs,
// so that -bench can pick a size and an operation without loading the rest.
func Bench(b *testing.B, open func(b *testing.B) Store) {
	for _, n := range Sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.Run("BulkLoad", func(b *testing.B) {
				defer runcost.PerOp(b)()
				for range b.N {
					b.StopTimer()
					f, err := NewFixture(open(b))
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					if err := f.RegisterVolunteers(b.Context(), n); err != nil {
						b.Fatal(err)
					}
				}
			})
			loaded := sync.OnceValues(func() (*Fixture, error) {
				f, err := NewFixture(open(b))
				if err != nil {
					return nil, err
				}
				start := time.Now()
				err = f.Load(context.Background(), n)
				b.Logf("loaded n=%d in %v", n, time.Since(start))
				return f, err
			})
			op := func(name string, run func(ctx context.Context, f *Fixture, i int) error) {
				b.Run(name, func(b *testing.B) {
					f, err := loaded()
					if err != nil {
						b.Fatal(err)
					}
					ctx := b.Context()
					b.ResetTimer()
					defer runcost.PerOp(b)()
					for i := range b.N {
						if err := run(ctx, f, i); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			op("PageVolunteers", func(ctx context.Context, f *Fixture, _ int) error {
				p, err := f.PageVolunteers(ctx)
				return want(len(p.Items), 50, err)
			})
			op("PageNeeds", func(ctx context.Context, f *Fixture, _ int) error {
				p, err := f.PageNeeds(ctx)
				return want(len(p.Items), min(50, n/80), err)
			})
			op("Balance", func(ctx context.Context, f *Fixture, i int) error {
				_, err := f.Volunteer.Balance(ctx, f.Volunteers[i%len(f.Volunteers)], Now)
				return err
			})
			op("Balance10kPostings", func(ctx context.Context, f *Fixture, _ int) error {
				_, err := f.Volunteer.Balance(ctx, f.LongLedger, Start.AddDate(1, 0, 0))
				return err
			})
			op("AwardPoints", func(ctx context.Context, f *Fixture, i int) error {
				b.StopTimer()
				r := f.record(f.Volunteers[i%len(f.Volunteers)], Now.Add(-time.Duration(i+1)*3*time.Hour))
				if err := f.Store.CreateRecord(ctx, r); err != nil {
					return err
				}
				b.StartTimer()
				_, err := f.Volunteer.AwardPoints(ctx, r.ID)
				return err
			})
			op("SignUp", func(ctx context.Context, f *Fixture, i int) error {
				b.StopTimer()
				ref, err := f.NewShift(ctx)
				if err != nil {
					return err
				}
				b.StartTimer()
				_, err = f.Volunteer.SignUp(ctx, f.Volunteers[i%len(f.Volunteers)], ref)
				return err
			})
			op("Stars501", func(ctx context.Context, f *Fixture, _ int) error {
				_, err := f.Volunteer.Stars(ctx, f.ShortStars, Now)
				return err
			})
			op("Stars1000", func(ctx context.Context, f *Fixture, _ int) error {
				_, err := f.Volunteer.Stars(ctx, f.LongStars, Now)
				return err
			})
			op("Outputs", func(ctx context.Context, f *Fixture, _ int) error {
				_, err := f.Outputs(ctx)
				return err
			})
			op("Positions", func(ctx context.Context, f *Fixture, _ int) error {
				p, err := f.Positions(ctx)
				if err == nil && len(p) == 0 {
					err = fmt.Errorf("no positions")
				}
				return err
			})
		})
	}
}

func want(got, want int, err error) error {
	if err == nil && got != want {
		err = fmt.Errorf("got %d items, want %d", got, want)
	}
	return err
}
