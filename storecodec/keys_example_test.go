package storecodec_test

import (
	"bytes"
	"fmt"

	"github.com/wushe/wushe"
	"github.com/wushe/wushe/storecodec"
)

// A Codec with a Keyring seals personal data at rest: the document holds the key's ID and
// the sealed bytes, never the clear value, and the same Codec opens it again.
func ExampleCodec() {
	keys, err := storecodec.NewKeyring("2026-a",
		map[string][]byte{"2026-a": bytes.Repeat([]byte{7}, 32)}, bytes.Repeat([]byte{9}, 32))
	if err != nil {
		panic(err)
	}
	codec := storecodec.Codec{Keys: keys}

	type resident struct{ Phone wushe.Phone }
	p, _ := wushe.ParsePhone("13800001234")
	stored, err := codec.Marshal(resident{Phone: p})
	if err != nil {
		panic(err)
	}
	fmt.Println("clear number in the document:", bytes.Contains(stored, []byte("13800001234")))
	fmt.Println("key named in the document:", bytes.Contains(stored, []byte(`"2026-a"`)))

	var back resident
	if err := codec.Unmarshal(stored, &back); err != nil {
		panic(err)
	}
	clear, _ := back.Phone.Reveal(wushe.StorageEntitlement())
	fmt.Println("opened:", clear)

	// Without the keys the sealed value cannot be read.
	fmt.Println("read without keys fails:", storecodec.Unmarshal(stored, &back) != nil)
	// Output:
	// clear number in the document: false
	// key named in the document: true
	// opened: 13800001234
	// read without keys fails: true
}

// Rotating keys: a new Keyring names a new current key and keeps the old one, and Reseal
// rewrites a document sealed under the old key (or written in the clear) under the new one.
func ExampleCodec_Reseal() {
	old := bytes.Repeat([]byte{1}, 32)
	index := bytes.Repeat([]byte{9}, 32)
	before, _ := storecodec.NewKeyring("k1", map[string][]byte{"k1": old}, index)
	after, _ := storecodec.NewKeyring("k2", map[string][]byte{"k1": old, "k2": bytes.Repeat([]byte{2}, 32)}, index)

	type resident struct{ Name wushe.PersonName }
	n, _ := wushe.ParsePersonName("张三")
	stored, _ := storecodec.Codec{Keys: before}.Marshal(resident{Name: n})

	var r resident
	resealed, changed, err := storecodec.Codec{Keys: after}.Reseal(stored, &r)
	if err != nil {
		panic(err)
	}
	fmt.Println("rewritten:", changed, "now under k2:", bytes.Contains(resealed, []byte(`"k2"`)))
	_, again, _ := storecodec.Codec{Keys: after}.Reseal(resealed, &r)
	fmt.Println("rewritten a second time:", again)
	fmt.Println(r.Name) // masked when printed
	// Output:
	// rewritten: true now under k2: true
	// rewritten a second time: false
	// 张*
}

// A blind index lets a Store keep ID numbers unique, or find one, without storing the
// number or a bare hash of it: equal values of one class give equal indexes.
func ExampleKeyring_BlindIndex() {
	keys, _ := storecodec.NewKeyring("k1",
		map[string][]byte{"k1": bytes.Repeat([]byte{1}, 32)}, bytes.Repeat([]byte{9}, 32))
	id, _ := wushe.CompleteIDNumber("11010519491231002")
	clear, _ := id.Reveal(wushe.StorageEntitlement())
	a := keys.BlindIndex(wushe.ClassIDNumber, clear)
	b := keys.BlindIndex(wushe.ClassIDNumber, clear)
	other := keys.BlindIndex(wushe.ClassPhone, clear)
	fmt.Println(len(a), a == b, a == other)
	fmt.Println("index key:", len(keys.IndexKeyID()), "hex characters")
	// Output:
	// 64 true false
	// index key: 16 hex characters
}
