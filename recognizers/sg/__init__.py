"""Singapore identifiers: NRIC/FIN, UEN, +65 phone numbers, postal codes, passports; checksum and
numbering-plan validated.
"""
