"""Classe: create a class (trainer), join one with its code, choose what to share, or leave."""

from components import classroom

classroom.class_page()
