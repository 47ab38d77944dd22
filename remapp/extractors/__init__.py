"""One module per source kind, each thin: read the object, map it to an in-memory study, hand it to the
writer in remapp.importing."""
