package compile

// WalkOrder is walkOrder for the external tests.
var WalkOrder = walkOrder
