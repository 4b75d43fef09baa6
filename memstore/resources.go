package memstore

// resourcesState holds the resources package's tables.
type resourcesState struct{}

func (st *resourcesState) init() {}
