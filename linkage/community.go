package linkage

import (
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

// Community is an urban or rural residential community (社区/村): the platform of the five
// parties. Its grid tree (Areas) and its venues are part of it.
//
// Required: Name and Kind; every area and venue needs a Name. RegisterCommunity fills in
// ID (when nil), the IDs of areas and venues given without one, Version, CreatedAt and
// UpdatedAt.
type Community struct {
	ID uuid.UUID `json:"id"`
	// Name is the community's name, e.g. "J社区".
	Name string `json:"name"`
	// Kind is urban or rural.
	Kind CommunityKind `json:"kind"`
	// District is the county-level district, e.g. "天河区".
	District string `json:"district"`
	// StreetOffice is the street office (街道办事处) or township above the community.
	StreetOffice string `json:"street_office"`
	// Households, Residents and PartyMembers are counts; none may be negative.
	Households   int `json:"households"`
	Residents    int `json:"residents"`
	PartyMembers int `json:"party_members"`
	// Areas is the grid tree: grids under the community, micro-grids under grids.
	Areas []Area `json:"areas,omitempty"`
	// Venues are the community's service venues.
	Venues    []Venue   `json:"venues,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Area is a grid or micro-grid of a community.
type Area struct {
	ID    uuid.UUID `json:"id"`
	Name  string    `json:"name"`
	Level AreaLevel `json:"level"`
	// Parent is the grid a micro-grid belongs to; it is the zero UUID for a grid, which
	// sits directly under the community.
	Parent uuid.UUID `json:"parent,omitzero"`
	// Staff are the grid staff (网格员) and helpers of the area.
	Staff []GridStaff `json:"staff,omitempty"`
}

// GridStaff is a person who serves an area. Name and phone are personal data and print
// masked.
type GridStaff struct {
	Name wushe.PersonName `json:"name"`
	// Role is free text: "grid staff", "building head", "party member volunteer".
	Role  string      `json:"role"`
	Phone wushe.Phone `json:"phone"`
}

// Venue is a place in the community where services happen.
type Venue struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
	Kind VenueKind `json:"kind"`
	// Location is where the venue is, if known.
	Location *wushe.Point `json:"location,omitempty"`
}

// Validate reports every problem with the community, its areas (checked as a tree: unique
// IDs and names, a grid has no parent, a micro-grid's parent is a grid of this community)
// and its venues.
func (c Community) Validate() error {
	p := wushe.Check("Community")
	if !p.CheckValues(c) {
		return p.Err()
	}
	p.Require(strings.TrimSpace(c.Name) != "", "Name", "is required")
	p.Require(c.Kind.Valid(), "Kind", communityKinds.Problem(c.Kind))
	p.Require(c.Households >= 0, "Households", "cannot be negative")
	p.Require(c.Residents >= 0, "Residents", "cannot be negative")
	p.Require(c.PartyMembers >= 0, "PartyMembers", "cannot be negative")
	levels := make(map[uuid.UUID]AreaLevel, len(c.Areas))
	names := make(map[string]bool, len(c.Areas))
	area := func(i int, field string) string { return wushe.Index("Areas", i) + field }
	for i, a := range c.Areas {
		if err := a.Validate(); err != nil {
			p.Nested(area(i, ""), err)
		}
		if _, dup := levels[a.ID]; dup && a.ID != uuid.Nil {
			p.Addf(area(i, ".ID"), "duplicates another area's ID %s", a.ID)
		} else {
			levels[a.ID] = a.Level // the first area with an ID decides its level
		}
		if names[a.Name] && a.Name != "" {
			p.Addf(area(i, ".Name"), "duplicates another area's name %q", a.Name)
		}
		names[a.Name] = true
	}
	for i, a := range c.Areas {
		switch a.Level {
		case LevelGrid:
			if a.Parent != uuid.Nil {
				p.Addf(area(i, ".Parent"), "must be empty: a grid sits directly under the community")
			}
		case LevelMicroGrid:
			lvl, ok := levels[a.Parent]
			switch {
			case a.Parent == uuid.Nil || !ok:
				p.Addf(area(i, ".Parent"), "must name a grid of this community")
			case lvl != LevelGrid:
				p.Addf(area(i, ".Parent"), "names a %s; a micro-grid's parent must be a grid", lvl)
			}
		}
	}
	ids := make(map[uuid.UUID]bool, len(c.Venues))
	for i, v := range c.Venues {
		f := wushe.Index("Venues", i)
		p.Nested(f, v.Validate())
		if ids[v.ID] && v.ID != uuid.Nil {
			p.Addf(f+".ID", "duplicates another venue's ID %s", v.ID)
		}
		ids[v.ID] = true
	}
	return p.Err()
}

// Area returns the area with the given ID and whether there is one.
func (c Community) Area(id uuid.UUID) (Area, bool) {
	for _, a := range c.Areas {
		if a.ID == id {
			return a, true
		}
	}
	return Area{}, false
}

// Validate reports every problem with the area itself; its place in the tree is checked by
// Community.Validate.
func (a Area) Validate() error {
	p := wushe.Check("Area")
	p.Require(a.ID != uuid.Nil, "ID", "is required")
	p.Require(strings.TrimSpace(a.Name) != "", "Name", "is required")
	p.Require(a.Level.Valid(), "Level", areaLevels.Problem(a.Level))
	for i, s := range a.Staff {
		p.Require(!s.Name.IsZero(), wushe.Index("Staff", i)+".Name", "is required")
	}
	return p.Err()
}

// Validate reports every problem with the venue.
func (v Venue) Validate() error {
	p := wushe.Check("Venue")
	p.Require(v.ID != uuid.Nil, "ID", "is required")
	p.Require(strings.TrimSpace(v.Name) != "", "Name", "is required")
	p.Require(v.Kind.Valid(), "Kind", venueKinds.Problem(v.Kind))
	if v.Location != nil {
		p.Nested("Location", v.Location.Validate())
	}
	return p.Err()
}
