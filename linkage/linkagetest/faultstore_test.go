package linkagetest_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"github.com/wushe/wushe"
	"github.com/wushe/wushe/linkage"
	"github.com/wushe/wushe/linkage/linkagetest"
	"github.com/wushe/wushe/memstore"
	"github.com/wushe/wushe/storetest"
)

// A FaultStore that fails nothing must be a conforming store: every method delegates.
func TestFaultStorePassesSuite(t *testing.T) {
	linkagetest.RunStoreTests(t, func(t *testing.T) linkage.Store {
		return linkagetest.NewFaultStore(memstore.New(), nil)
	}, linkagetest.Features{})
}

var (
	storeType = reflect.TypeFor[linkage.Store]()
	ctxType   = reflect.TypeFor[context.Context]()
	uuidType  = reflect.TypeFor[uuid.UUID]()
	errType   = reflect.TypeFor[error]()
)

// args builds arguments for a Store method: ctx, a fresh ID, an entity carrying id, a zero
// filter, or a closure that changes nothing.
func args(t *testing.T, m reflect.Method, ctx context.Context, id uuid.UUID) []reflect.Value {
	var in []reflect.Value
	for i := range m.Type.NumIn() {
		pt := m.Type.In(i)
		switch {
		case pt == ctxType:
			in = append(in, reflect.ValueOf(ctx))
		case pt == uuidType:
			in = append(in, reflect.ValueOf(id))
		case pt.Kind() == reflect.Int64:
			in = append(in, reflect.ValueOf(int64(1)))
		case pt.Kind() == reflect.Func:
			in = append(in, reflect.MakeFunc(pt, func([]reflect.Value) []reflect.Value {
				return []reflect.Value{reflect.Zero(errType)}
			}))
		case pt.Kind() == reflect.Struct:
			v := reflect.New(pt).Elem()
			if f := v.FieldByName("ID"); f.IsValid() && f.Type() == uuidType {
				f.Set(reflect.ValueOf(id))
			}
			in = append(in, v)
		default:
			t.Fatalf("linkage.Store.%s takes a %s, which this test cannot build", m.Name, pt)
		}
	}
	return in
}

// call calls method name on s with args and returns the error it returned.
func call(s linkage.Store, name string, in []reflect.Value) error {
	out := reflect.ValueOf(s).MethodByName(name).Call(in)
	err, _ := out[len(out)-1].Interface().(error)
	return err
}

// TestFaultStoreEveryMethod fails each method of linkage.Store in turn, found by
// reflection so that a method added to the Store is covered too, and checks the error and
// that the wrapped store was never reached.
func TestFaultStoreEveryMethod(t *testing.T) {
	require.Equal(t, 57, storeType.NumMethod(), "linkage.Store changed: check FaultStore wraps every method")
	for i := range storeType.NumMethod() {
		m := storeType.Method(i)
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel()
			inner := memstore.New()
			faults := new(storetest.Faults).FailOn(m.Name)
			fs := linkagetest.NewFaultStore(inner, faults)
			require.Same(t, faults, fs.Faults())
			require.Same(t, linkage.Store(inner), fs.Inner())
			id := uuid.New()

			err := call(fs, m.Name, args(t, m, t.Context(), id))
			require.ErrorIs(t, err, storetest.ErrInjected)
			require.ErrorIs(t, err, wushe.ErrUnavailable)
			var werr *wushe.Error
			require.ErrorAs(t, err, &werr)
			require.Equal(t, "linkagetest.FaultStore."+m.Name, werr.Op)
			require.NotEmpty(t, werr.Entity)
			require.True(t, strings.Contains(m.Name, werr.Entity) ||
				strings.Contains(m.Name, strings.TrimSuffix(werr.Entity, "y")), "%s names entity %s", m.Name, werr.Entity)
			require.Equal(t, []string{m.Name}, faults.Log())

			// A failed Create reached nothing: the wrapped store does not hold the entity.
			if strings.HasPrefix(m.Name, "Create") {
				get := "Get" + strings.TrimPrefix(m.Name, "Create")
				gm, ok := storeType.MethodByName(get)
				require.True(t, ok)
				err := call(inner, get, args(t, gm, t.Context(), id))
				require.ErrorIs(t, err, wushe.ErrNotFound, "a failed %s must not reach the store", m.Name)
			}

			// Without the fault, the call reaches the wrapped store: a Create stores,
			// and everything else on an empty store reports what the store reports.
			faults.Reset()
			err = call(fs, m.Name, args(t, m, t.Context(), id))
			require.NotErrorIs(t, err, storetest.ErrInjected)
			switch {
			case strings.HasPrefix(m.Name, "Create"), strings.HasPrefix(m.Name, "List"):
				require.NoError(t, err)
			default:
				require.ErrorIs(t, err, wushe.ErrNotFound)
			}
			require.Equal(t, 1, faults.Calls())
		})
	}
}

// TestFaultStoreFailAt counts calls across methods: the third call fails whatever it is, and
// the wrapped store keeps what the first two did.
func TestFaultStoreFailAt(t *testing.T) {
	fs := linkagetest.NewFaultStore(memstore.New(), new(storetest.Faults).FailAt(3))
	ctx := t.Context()
	need := linkage.Need{ID: uuid.New(), Category: "meal delivery"}
	require.NoError(t, fs.CreateNeed(ctx, need))
	_, err := fs.UpdateNeed(ctx, need.ID, func(n *linkage.Need) error { n.Description = "first"; return nil })
	require.NoError(t, err)
	_, err = fs.UpdateNeed(ctx, need.ID, func(n *linkage.Need) error { n.Description = "second"; return nil })
	require.ErrorIs(t, err, storetest.ErrInjected)
	got, err := fs.GetNeed(ctx, need.ID)
	require.NoError(t, err)
	require.Equal(t, "first", got.Description)
	require.Equal(t, int64(2), got.Version)
	require.Equal(t, []string{"CreateNeed", "UpdateNeed", "UpdateNeed", "GetNeed"}, fs.Faults().Log())
}

// A nil Faults fails nothing but still counts.
func TestNewFaultStoreNilFaults(t *testing.T) {
	fs := linkagetest.NewFaultStore(memstore.New(), nil)
	require.NotNil(t, fs.Faults())
	_, err := fs.ListNeeds(t.Context(), linkage.NeedFilter{})
	require.NoError(t, err)
	require.Equal(t, 1, fs.Faults().Calls())
}

func ExampleFaultStore() {
	ctx := context.Background()
	faults := new(storetest.Faults).FailOn("UpdateNeed")
	store := linkagetest.NewFaultStore(memstore.New(), faults)

	id := uuid.MustParse("0190a3c4-0000-7000-8000-000000000001")
	if err := store.CreateNeed(ctx, linkage.Need{ID: id, Category: "meal delivery"}); err != nil {
		fmt.Println(err)
		return
	}
	_, err := store.UpdateNeed(ctx, id, func(n *linkage.Need) error { n.Status = linkage.NeedPlanned; return nil })
	fmt.Println(errors.Is(err, wushe.ErrUnavailable), errors.Is(err, storetest.ErrInjected))
	fmt.Println(err)

	n, _ := store.GetNeed(ctx, id)
	fmt.Printf("version %d, status %q\n", n.Version, n.Status)
	fmt.Println(faults.Log())
	// Output:
	// true true
	// linkagetest.FaultStore.UpdateNeed: Need: UpdateNeed: call 2: storetest.Faults: injected store failure: unavailable
	// version 1, status ""
	// [CreateNeed UpdateNeed GetNeed]
}
