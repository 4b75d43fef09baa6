package volunteer

import "github.com/wushe/wushe"

// validLocations refuses a place or home that is not a position: NaN escapes every
// distance comparison and would score as if next door.
func (in MatchInput) validLocations() error {
	p := wushe.Check("MatchInput")
	for i, o := range in.Opportunities {
		p.Nested(wushe.Index("Opportunities", i)+".Place", o.Place.Validate())
	}
	for i, v := range in.Volunteers {
		if v.HasHome {
			p.Nested(wushe.Index("Volunteers", i)+".Home", v.Home.Validate())
		}
	}
	return p.Err()
}
