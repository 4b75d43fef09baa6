// Package wushe is the shared kernel of the wushe library, which models the "five social
// organizations linkage" (五社联动) of Chinese community governance: communities, social
// workers, community social organizations, community volunteers and charity resources
// working as one.
//
// The kernel is small and every other wushe package may import it. It holds:
//
//   - the error contract: a Kind per failure class (ErrNotFound, ErrConflict, ErrInvalid,
//     ErrForbidden, ...), the coded *Error that names the operation, entity, ID and field,
//     KindOf to classify any error, and Problems to collect every field error of a
//     Validate call;
//   - geography and time: Point (WGS-84, great-circle distance) and Window (a half-open
//     time interval), a Clock that services read time from, and IDSource for entity IDs;
//   - privacy: Sensitive, IDNumber, Phone and PersonName, values of personal data that
//     print and encode only masked, and Entitlement, the explicit permission to Reveal
//     them.
//
// The domain lives in the sub-packages: linkage (the five parties and the work that links
// them), volunteer, resources and evaluation, with memstore as the embedded Store.
package wushe
