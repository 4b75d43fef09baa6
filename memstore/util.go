package memstore

import (
	"slices"
	"strconv"

	"github.com/google/uuid"
	"github.com/wushe/wushe"
)

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func sortIDs(ids []uuid.UUID) { slices.SortFunc(ids, wushe.CompareIDs) }
