package volunteer

import "github.com/wushe/wushe"

// validLocations refuses a place or home that is not a position: NaN escapes every
// distance comparison and would score as if next door.
func (in MatchInput) validLocations() error {
	p := wushe.Check("MatchInput")
	// A field's path is written only for a point that fails: a city has 20,000 homes.
	for i, o := range in.Opportunities {
		if err := o.Place.Validate(); err != nil {
			p.Nested(wushe.Index("Opportunities", i)+".Place", err)
		}
	}
	for i, v := range in.Volunteers {
		if !v.HasHome {
			continue
		}
		if err := v.Home.Validate(); err != nil {
			p.Nested(wushe.Index("Volunteers", i)+".Home", err)
		}
	}
	return p.Err()
}
