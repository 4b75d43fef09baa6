package memstore

// volunteerState holds the volunteer package's tables.
type volunteerState struct{}

func (st *volunteerState) init() {}
