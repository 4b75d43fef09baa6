package resources

import "github.com/wushe/wushe"

// validLocations refuses a lot or request located at a point that is not a position: NaN
// escapes every distance comparison and would score as if next door.
func validLocations(lots []Lot, requests []Request) error {
	p := wushe.Check("MatchInput")
	for i, l := range lots {
		if l.Location != nil {
			if err := l.Location.Validate(); err != nil {
				p.Nested(wushe.Index("Lots", i)+".Location", err)
			}
		}
	}
	for i, r := range requests {
		if r.Location != nil {
			if err := r.Location.Validate(); err != nil {
				p.Nested(wushe.Index("Requests", i)+".Location", err)
			}
		}
	}
	return p.Err()
}
