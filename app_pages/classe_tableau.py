"""The trainer's class board (``?formateur=<token>``): live, made to be projected."""

from components import classroom

classroom.board_page()
