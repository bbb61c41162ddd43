"""Reading and writing documents safely: safe reader, JSON I/O, schemas, the converter."""
