"""Static files of the participants' workshop page (served by positioning.http.workshop)."""
