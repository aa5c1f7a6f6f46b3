// Package api is Folio's wire contract: the JSON bodies of every request and
// response, and the problem document of every error. It has no behaviour and
// imports only the standard library, so Go clients can use it as it is.
package api
