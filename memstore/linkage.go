package memstore

// linkageState holds the linkage package's tables.
type linkageState struct{}

func (st *linkageState) init() {}
