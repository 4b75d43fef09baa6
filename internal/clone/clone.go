// Package clone makes deep copies of wushe's entity values, so that an in-memory Store can
// copy on write and on read and no caller can reach the Store's state through a slice, map
// or pointer it was handed.
//
// Of copies slices, arrays, maps, pointers and the exported fields of structs recursively.
// Unexported struct fields are copied by value only: the kernel's sensitive types, time.Time
// and decimal.Decimal keep immutable state there, so sharing it is safe. Interfaces, funcs
// and channels are copied by value. Cyclic pointer graphs are not supported; entities have
// none.
package clone

import (
	"reflect"
	"sync"
)

// Of returns a deep copy of v.
func Of[T any](v T) T {
	src := reflect.ValueOf(&v).Elem()
	dst := reflect.New(src.Type()).Elem()
	copyValue(dst, src)
	return dst.Interface().(T)
}

func copyValue(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		copyValue(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		if needsDeep(src.Type().Elem()) {
			for i := range src.Len() {
				copyValue(s.Index(i), src.Index(i))
			}
		} else {
			reflect.Copy(s, src)
		}
		dst.Set(s)
	case reflect.Array:
		for i := range src.Len() {
			copyValue(dst.Index(i), src.Index(i))
		}
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		deep := needsDeep(src.Type().Elem())
		iter := src.MapRange()
		for iter.Next() {
			val := iter.Value()
			if deep {
				v := reflect.New(val.Type()).Elem()
				copyValue(v, val)
				val = v
			}
			m.SetMapIndex(iter.Key(), val)
		}
		dst.Set(m)
	case reflect.Struct:
		dst.Set(src) // copies unexported fields by value
		for _, i := range deepFields(src.Type()) {
			copyValue(dst.Field(i), src.Field(i))
		}
	default:
		dst.Set(src)
	}
}

// needsDeep reports whether a value of type t can share memory with its copy through an
// exported path.
func needsDeep(t reflect.Type) bool {
	if d, ok := deepTypes.Load(t); ok {
		return d.(bool)
	}
	d := needsDeepSeen(t, map[reflect.Type]bool{})
	deepTypes.Store(t, d)
	return d
}

// deepTypes remembers needsDeep of every type asked about, and structFields the exported
// fields of every struct type that need a deep copy: both depend on the type alone, and
// reading an entity's type again for every copy cost more than the copy.
var deepTypes, structFields sync.Map

// deepFields returns the indices of the exported fields of struct type t that need a deep
// copy.
func deepFields(t reflect.Type) []int {
	if fs, ok := structFields.Load(t); ok {
		return fs.([]int)
	}
	var fs []int
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && needsDeep(f.Type) {
			fs = append(fs, i)
		}
	}
	structFields.Store(t, fs)
	return fs
}

func needsDeepSeen(t reflect.Type, seen map[reflect.Type]bool) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		return true
	case reflect.Array:
		return needsDeepSeen(t.Elem(), seen)
	case reflect.Struct:
		if seen[t] {
			return false
		}
		seen[t] = true
		for i := range t.NumField() {
			f := t.Field(i)
			if f.IsExported() && needsDeepSeen(f.Type, seen) {
				return true
			}
		}
	}
	return false
}
