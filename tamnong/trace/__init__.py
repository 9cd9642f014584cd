"""Traceability of OCOP products: identifiers (GS1 GTIN and Digital Link, and the program scheme for
producers without GS1 membership), EPCIS 2.0 event documents and printable QR stamps.

Pure Python: no Django and no database. The Django layer stores lots, stamps and events and calls these
modules to build and check identifiers, documents and PDF sheets.
"""
