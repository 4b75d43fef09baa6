package storecodec

import (
	"testing"
)

// BenchmarkCodec measures encoding and decoding one document holding seven pieces of
// personal data (sampleValue), in the clear and sealed: the cost of encryption per
// document, apart from any database.
func BenchmarkCodec(b *testing.B) {
	v := sampleValue(b)
	for _, tc := range []struct {
		name  string
		codec Codec
	}{{"clear", Codec{}}, {"sealed", Codec{Keys: testKeys(b)}}} {
		doc, err := tc.codec.Marshal(v)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("Marshal/"+tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tc.codec.Marshal(v); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("Unmarshal/"+tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var out sample
				if err := tc.codec.Unmarshal(doc, &out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
