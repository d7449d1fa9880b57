/**
 * The global exercise library every clinic shares (answered as `ExerciseView` with
 * `global: true`, exercises/dto/exercise.dto.ts), seeded by `setup/seeds/exercise-library.ts`.
 * Tuned for the first diagnosis Stride's defaults serve, IT band pain in runners: hip abductors
 * and extensors, trunk, single-leg control, tissue mobility and a return-to-running drill. Instructions are Stride's own words, written for a runner to
 * follow at home.
 *
 * The ids are fixed: prescriptions and clinics refer to them, so they must never change. Add new
 * exercises with freshly generated ids; never reuse or edit one.
 */

export const EXERCISE_TARGETS = [
  'glute_medius',
  'glute_maximus',
  'core',
  'hip_rotators',
  'quadriceps',
  'foot',
  'mobility',
  'running_drill',
] as const;

export type ExerciseTarget = (typeof EXERCISE_TARGETS)[number];

export interface GlobalExercise {
  id: string;
  name: string;
  targets: ExerciseTarget[];
  instructions: string;
  defaultDosage: string;
}

export const GLOBAL_EXERCISES: readonly GlobalExercise[] = [
  {
    id: '08715e42-7dad-42cb-9a38-5de218f85164',
    name: 'Side-lying hip abduction (leg raise)',
    targets: ['glute_medius'],
    instructions:
      'Lie on your side with the bottom knee bent for balance and the top leg straight, in line with your body. ' +
      "Lift the top leg a hand's width or two toward the ceiling, pause, and lower it slowly. " +
      'Keep the toes pointing forward and lead with the heel so the side of the hip does the work. ' +
      'Do not let the leg drift forward or the pelvis roll backward to gain height.',
    defaultDosage: '3 × 12 each side, 3×/week',
  },
  {
    id: '9df918dd-c176-4a2d-bd0e-1794b5d0c651',
    name: 'Lateral band walk',
    targets: ['glute_medius', 'hip_rotators'],
    instructions:
      'Put a resistance band just above your knees or around your ankles and stand with feet hip-width apart in a quarter squat. ' +
      'Step sideways with one foot, then follow with the other, keeping the band taut the whole time. ' +
      'Stay low and keep your knees pointing over your toes. ' +
      'Avoid bobbing up and down or letting the trailing foot snap in toward the leading one.',
    defaultDosage: '3 × 10 steps each direction, 3×/week',
  },
  {
    id: '59326930-f0a8-4f02-ae30-162712e83083',
    name: 'Clamshell',
    targets: ['glute_medius', 'hip_rotators'],
    instructions:
      'Lie on your side with hips and knees bent to about 45 degrees and your heels together, in line with your spine. ' +
      'Keeping your feet touching, open the top knee as far as you can without the pelvis moving, then close it slowly. ' +
      'Think of turning the thigh outward from deep in the hip. ' +
      'A common fault is rolling the top hip backward to fake a bigger range: keep the hips stacked and stop where the pelvis would move.',
    defaultDosage: '3 × 15 each side, 3×/week (add a band when easy)',
  },
  {
    id: 'dd5d844f-1bba-47f8-9730-fe0177e8e218',
    name: 'Hip thrust',
    targets: ['glute_maximus'],
    instructions:
      'Sit on the floor with your upper back against the edge of a stable bench or sofa, knees bent and feet flat, hip-width apart. ' +
      'Drive through your heels to lift your hips until shoulders, hips and knees form a straight line, squeeze your buttocks for a second, then lower under control. ' +
      'Keep your chin tucked and your ribs down. ' +
      'Do not arch your lower back to finish the lift; stop when your hips are level.',
    defaultDosage: '3 × 10, 2–3×/week; add load when the last reps feel easy',
  },
  {
    id: '14e51ff0-e0f7-480a-9be0-fac04cad052b',
    name: 'Glute bridge',
    targets: ['glute_maximus', 'core'],
    instructions:
      'Lie on your back with knees bent, feet flat and hip-width apart, arms by your sides. ' +
      'Press your heels into the floor and lift your hips until knees, hips and shoulders line up, hold for two seconds, then roll back down. ' +
      'You should feel it in your buttocks rather than your hamstrings or lower back. ' +
      'If your hamstrings cramp, bring your feet a little closer to your hips.',
    defaultDosage: '3 × 12 with a 2-second hold, 3×/week',
  },
  {
    id: 'b078dbef-673d-4a21-b9e9-184f3021be6d',
    name: 'Single-leg bridge',
    targets: ['glute_maximus', 'core'],
    instructions:
      'Start as for a glute bridge, then straighten one leg so both thighs stay level. ' +
      'Push through the heel of the bent leg to lift your hips, then lower slowly. ' +
      'Keep the pelvis level, as if balancing a glass of water on your belly. ' +
      'End the set when the free side starts to drop or twist.',
    defaultDosage: '3 × 8 each side, 3×/week',
  },
  {
    id: '2f5c9731-7a48-4c2a-9b56-85db2872acae',
    name: 'Dead bug',
    targets: ['core'],
    instructions:
      'Lie on your back with your arms pointing at the ceiling and your hips and knees bent to 90 degrees. ' +
      'Gently flatten your lower back into the floor, then slowly reach one arm overhead while straightening the opposite leg toward the floor, breathing out, and return. ' +
      'Alternate sides, moving only as far as you can keep your back flat. ' +
      'If your back arches or your ribs flare, shorten the reach.',
    defaultDosage: '3 × 8 each side, slow, 3×/week',
  },
  {
    id: '070382e5-65cb-46d9-8758-56b78b1893c6',
    name: 'Side plank',
    targets: ['core', 'glute_medius'],
    instructions:
      'Lie on your side propped on your forearm, elbow under your shoulder, with knees bent (easier) or legs straight and feet stacked. ' +
      'Lift your hips so your body forms a straight line from head to knees or feet, and hold while breathing normally. ' +
      'Push the floor away with your forearm and keep the top hip slightly forward rather than rolling back. ' +
      'Come down before your hips start to sag.',
    defaultDosage: '3 × 20–30 s hold each side, 3×/week',
  },
  {
    id: '874e6a54-337f-45ee-95c0-b98332c1ac21',
    name: 'Lateral step-down',
    targets: ['quadriceps', 'glute_medius'],
    instructions:
      'Stand sideways on a low step (10–20 cm) on the working leg, with the other foot hanging just off the edge. ' +
      'Slowly bend the standing knee to lower the free heel toward the floor, touch it lightly, and straighten back up. ' +
      'Keep the kneecap tracking over your second toe and the pelvis level. ' +
      'If the knee caves inward or the free hip drops, use a lower step.',
    defaultDosage: '3 × 10 each side, 3×/week',
  },
  {
    id: '498cee37-0791-4cf6-9e24-946078b1e2cf',
    name: 'Single-leg balance',
    targets: ['foot', 'glute_medius'],
    instructions:
      'Stand on one leg next to a wall or counter you can touch if needed, standing knee slightly soft. ' +
      'Hold steady with the pelvis level and your weight spread over the whole foot, big toe pressing down. ' +
      'Make it harder by closing your eyes, standing on a cushion, or swinging your arms as if running. ' +
      'Avoid locking the knee or leaning your trunk over the standing leg.',
    defaultDosage: '3 × 30 s each side, daily',
  },
  {
    id: '7d10d4a5-77f7-44bf-b481-0a1640bf3495',
    name: 'Standing hip hike (pelvic drop)',
    targets: ['glute_medius'],
    instructions:
      'Stand sideways on a step on the working leg with the other foot hanging free, both knees straight, a hand on a rail or wall. ' +
      'Let the free side of the pelvis drop a few centimetres, then lift it back up past level using the side of the standing hip. ' +
      'Keep your trunk upright: the movement comes from the hip, not from leaning or bending a knee.',
    defaultDosage: '3 × 15 each side, 3×/week',
  },
  {
    id: '9b083c74-bf68-4cd2-ae7a-9ba2d7767920',
    name: 'Single-leg Romanian deadlift',
    targets: ['glute_maximus', 'hip_rotators'],
    instructions:
      'Stand on one leg with a soft knee, holding a light weight in the opposite hand if you have one. ' +
      'Hinge forward at the hip, lowering the weight toward the floor as the free leg extends straight behind you, until your trunk is nearly horizontal, then squeeze the standing buttock to come back up. ' +
      'Keep both hips square to the floor and your back flat. ' +
      'Avoid letting the pelvis rotate open or rounding your back to reach lower.',
    defaultDosage: '3 × 8 each side, 2–3×/week',
  },
  {
    id: '11334de8-92cd-4dfd-9a2c-69a492af5586',
    name: 'Monster walk',
    targets: ['glute_medius', 'glute_maximus'],
    instructions:
      'Put a band around your ankles or just above your knees and stand in a shallow squat with your feet wider than your hips. ' +
      'Walk forward with wide diagonal steps, keeping the band taut, then walk backward the same way. ' +
      'Keep your feet apart the whole time and your knees pushed out over your toes. ' +
      'Do not let your feet come together or your trunk sway from side to side.',
    defaultDosage: '3 × 10 steps forward and back, 3×/week',
  },
  {
    id: '27d26d36-ea53-4177-8597-a736d14152b8',
    name: 'Foam roll: TFL and outer thigh',
    targets: ['mobility'],
    instructions:
      'Lie on your side on a foam roller placed just below the front of your hip bone, supported on your forearm and top foot. ' +
      'Roll slowly over the front-outer hip and the outer thigh muscles for about a minute, pausing on tender spots and breathing out. ' +
      'Keep the pressure moderate, around 5 out of 10 discomfort. ' +
      'Do not grind on the sore spot at the outside of the knee: the band itself does not lengthen, so work the muscles above it.',
    defaultDosage: '60–90 s each side, daily or before runs',
  },
  {
    id: '97714036-2288-423a-b50a-7ac5794b8a59',
    name: 'Half-kneeling hip flexor and TFL stretch',
    targets: ['mobility'],
    instructions:
      'Kneel on the sore-side knee with the other foot flat in front of you, as in a lunge. ' +
      'Tuck your tailbone under and gently shift your hips forward until you feel a stretch at the front of the back hip, then lean your trunk slightly away from that side to take it toward the outer hip. ' +
      'Keep your lower back from arching: the tuck is what makes the stretch work.',
    defaultDosage: '3 × 30 s each side, daily',
  },
  {
    id: '325eef89-7b0c-47f3-a769-a9e71b44929a',
    name: 'A-skip running drill',
    targets: ['running_drill'],
    instructions:
      'Skip forward over about 20 metres, driving one knee up to hip height while the other foot gives a quick, springy hop. ' +
      'Bring the raised foot down under your hips, landing on the front of the foot, and swing your arms opposite to your legs. ' +
      'Stay tall and light; avoid leaning back or reaching the foot out in front of you.',
    defaultDosage: '3 × 20 m before easy runs, 2–3×/week',
  },
  {
    id: 'd9544a38-5784-43dc-9ea9-202e3b80fcda',
    name: 'Single-leg calf raise',
    targets: ['foot'],
    instructions:
      'Stand on one foot on the edge of a step, holding a rail for balance, with your heel hanging off. ' +
      'Rise onto the ball of the foot as high as you can over two seconds, then lower slowly below the step over three seconds. ' +
      'Keep your weight over the big and second toes, and do not let the ankle roll outward at the top.',
    defaultDosage: '3 × 15 each side, 3×/week',
  },
];
