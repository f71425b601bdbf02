# Las palabras fijas de la hoja para la familia, en español.

language-name = Español
document-title = Plan de Aprendizaje Personal
title-for = Plan de Aprendizaje Personal de { $name }
school-year = Curso { $year }
advisor = Tutor o tutora: { $name }
contact = Cómo comunicarse con el tutor o la tutora: { $contact }
printed = Impreso el { $date }
page = Página { $page } de { $pages }
page-left-blank = Esta página se ha dejado en blanco.
not-translated = Las palabras del estudiante y del tutor o la tutora se imprimen tal como se escribieron; no se traducen.

date = { $day } de { $month } de { $year }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
month-short-1 = ene
month-short-2 = feb
month-short-3 = mar
month-short-4 = abr
month-short-5 = may
month-short-6 = jun
month-short-7 = jul
month-short-8 = ago
month-short-9 = sep
month-short-10 = oct
month-short-11 = nov
month-short-12 = dic

own-words = En palabras de { $name }
said-on = dicho el { $date }
no-words = { $name } todavía no ha añadido sus propias palabras este curso.
about = Sobre { $name }
profile-strengths = Fortalezas
profile-needs = Lo que cuesta ahora
profile-learning = Cómo aprende mejor { $name }
profile-interests = Intereses
profile-career = Planes después de la escuela
profile-supports = Apoyos que ayudan
profile-personal_goals = Metas fuera de la escuela

goals = Las metas de este curso
no-goals = Todavía no hay metas para este curso.
goal-number = Meta { $number }
domain-academic = Trabajo escolar
domain-social-emotional = Convivencia y emociones
domain-career = Futuro y profesiones
domain-civic = Comunidad
domain-personal = Personal
domain-unknown = Otra
why = Por qué es importante
measure = Cómo lo sabremos
baseline = Dónde empezamos
target = Hacia dónde vamos
by-date = para el { $date }
goal-met = Meta cumplida. ¡Enhorabuena!
goals-met = Metas cumplidas este curso
progress = El progreso en cada reunión
no-ratings = Todavía sin valorar en una reunión.
rating-1 = todavía sin progreso
rating-2 = algo de progreso
rating-3 = buen progreso
rating-4 = meta cumplida
rating-scale = 1 todavía sin progreso · 2 algo de progreso · 3 buen progreso · 4 meta cumplida
strategies = Lo que { $name } está haciendo
no-strategies = Todavía no hay pasos para esta meta.
strategy-who = Quién: { $who }
strategy-how-often = Con qué frecuencia: { $often }
latest = En la reunión del { $date }: { $verdict }
verdict-working = funciona
verdict-partly = funciona en parte
verdict-not-working = todavía no funciona
verdict-not-tried = todavía sin probar
verdict-unknown = no se sabe
verdict-none = Se hablará de ella en la próxima reunión

changes = Lo que cambiamos este curso
# A strategy's own words named in a sentence.
quoted = «{ $text }»
and = y
or = o
change-now = Probamos { $old }; ahora { $new }.
change-how = Cambiamos { $what }: ahora { $new }.
change-how-was = Cambiamos { $what }: ahora { $new } (antes: { $old }).
change-stopped = Probamos { $old }; { $count ->
    [one] lo hemos dejado
   *[other] los hemos dejado
}.
change-goal = Dejamos de lado la meta «{ $goal }».
change-goal-now = Dejamos de lado la meta «{ $goal }»; ahora { $new }.
change-goal-revised = Reescribimos la meta «{ $goal }»; las metas de arriba son las que trabajamos ahora.

next-steps = Próximos pasos
no-next-steps = Todavía no hay próximos pasos por escrito.
next-steps-agreed = Acordados en la reunión del { $date }; en una reunión posterior se pudo resolver alguno.
step-who = Quién: { $who }
next-meeting = Próxima reunión
next-meeting-on = { $date }
next-meeting-passed = Estaba prevista para el { $date }; se fijará una nueva fecha y el tutor o la tutora se pondrá en contacto.
next-meeting-none = Todavía no hay fecha; el tutor o la tutora se pondrá en contacto.
next-meeting-new-year = Al comenzar el curso { $year }; el tutor o la tutora se pondrá en contacto con una fecha.

final-review = Revisión final
final-review-held = Esta fue la revisión final del Plan de Aprendizaje Personal de { $name }, el { $date }.
final-review-done = Esta fue la revisión final del Plan de Aprendizaje Personal de { $name }.
final-review-summary = Este curso, { $goals }.
final-review-met = { $count ->
    [one] se cumplió una meta
   *[other] se cumplieron { $count } metas
}
final-review-dropped = { $count ->
    [one] se dejó de lado una meta
   *[other] se dejaron de lado { $count } metas
}

notes = Notas del tutor o la tutora
notes-restricted = Notas restringidas
whole-restricted = Reunión restringida

index-title = Planes de Aprendizaje Personal
index-count = { $count ->
    [one] Una hoja
   *[other] { $count } hojas
}
language-missing = la familia lee { $language }; aún no hay hoja en ese idioma

owner-advisor = tutor o tutora
owner-parent = madre o padre
owner-parents = padres
owner-parent-or-guardian = madre, padre o tutor legal
owner-family = familia
owner-guardian = tutor o tutora legal
owner-guardians = tutores legales
owner-mom = mamá
owner-mum = mamá
owner-mother = madre
owner-dad = papá
owner-father = padre
owner-stepmom = madrastra
owner-stepdad = padrastro
owner-grandma = abuela
owner-grandpa = abuelo
owner-grandmother = abuela
owner-grandfather = abuelo
owner-grandparent = abuela o abuelo
owner-grandparents = abuelos
owner-aunt = tía
owner-uncle = tío
owner-brother = hermano
owner-sister = hermana
owner-caregiver = cuidador o cuidadora
owner-foster-parent = familia de acogida
owner-teacher = docente
owner-teachers = docentes
owner-special-education-teacher = docente de educación especial
owner-counselor = consejero o consejera escolar
owner-coach = entrenador o entrenadora
owner-case-manager = coordinador o coordinadora del caso
owner-mentor = mentor o mentora
owner-tutor = profesor o profesora de refuerzo
owner-peer-tutor = compañero o compañera de refuerzo
owner-nurse = enfermero o enfermera escolar
owner-social-worker = trabajador o trabajadora social
owner-psychologist = psicólogo o psicóloga escolar
owner-principal = director o directora
owner-assistant-principal = subdirector o subdirectora
owner-librarian = bibliotecario o bibliotecaria
owner-team = el equipo
owner-school = la escuela
owner-everyone = todos
