// The request form's choices, each step opening the next: patient, treatment (the patient's
// case), visit type, location, time; then a note and sending it. Changing an earlier choice clears
// the later ones.

import { api } from "../api.js";
import { byId, say } from "../dom.js";
import { clearPageProblem, showPageProblem } from "../shell.js";
import { zoneName } from "../local-time.js";
import { choiceStep } from "./choices.js";
import { sender } from "./send-request.js";
import { seriesChoice } from "./series.js";
import { timeStep } from "./time-step.js";
import { flexibleTimes } from "./flexible-times.js";

function firstName(patient) {
  return patient.name.split(" ")[0];
}

/**
 * The form over `patients` (the user's) and `locations` (the clinic's requestable ones);
 * `onSent()` is called once a request is sent, to show it in "My requests".
 */
export function requestForm(form, { patients, locations, onSent }) {
  const news = document.getElementById("step-news");
  const sendStep = document.getElementById("step-send");
  const outcome = document.getElementById("send-outcome");
  const chosen = { patient: null, case: null, visitType: null, location: null, slot: null };
  // Bumped by each choice, so an answer that arrives after a newer choice is dropped.
  let generation = 0;

  const tell = (message) => {
    news.textContent = message;
  };

  const fail = (step, error) => {
    step.hide();
    showPageProblem(error);
  };

  // A choice at step `index` clears the later ones; `nextStep` then shows what `load()` fetches,
  // unless a newer choice came meanwhile.
  async function chooseThenLoad(index, key, value, nextStep, { load, show }) {
    const mine = ++generation;
    clearFrom(index);
    chosen[key] = value;
    nextStep.loading();
    try {
      const choices = await load();
      if (mine === generation) show(choices);
    } catch (error) {
      if (mine === generation) fail(nextStep, error);
    }
  }

  function clearFrom(index) {
    const steps = [patientStep, caseStep, visitTypeStep, locationStep, whenStep];
    const keys = ["patient", "case", "visitType", "location", "slot"];
    for (let i = index; i < steps.length; i += 1) {
      steps[i].hide();
      chosen[keys[i]] = null;
    }
    sendStep.hidden = true;
    flexible.hide();
    send.forget();
    repeat.forget();
    clearPageProblem();
  }

  const patientStep = choiceStep(form.querySelector("#step-patient"), {
    name: "patient",
    describe: (patient) => ({ value: patient.patient_id, title: patient.name }),
    emptyText: () => "Your account isn't linked to a patient yet. Please call the clinic.",
    onChoose: (patient) =>
      chooseThenLoad(1, "patient", patient, caseStep, {
        load: () => api(`/api/portal/patients/${patient.patient_id}/cases`),
        show: (cases) => {
          tell(cases.length === 1 ? `One treatment for ${patient.name}.` : `${cases.length} treatments for ${patient.name}.`);
          caseStep.show(cases, patient);
        },
      }),
  });

  const locationName = (id) => locations.find((location) => location.location_id === id)?.name;

  const caseStep = choiceStep(form.querySelector("#step-case"), {
    name: "case",
    describe: (item) => ({
      value: item.case_id,
      title: item.title,
      meta: locationName(item.location_id) ? `At ${locationName(item.location_id)}` : null,
    }),
    emptyText: (patient) =>
      `There is nothing to request for ${firstName(patient)} through the portal right now. Please call the clinic to book a visit.`,
    onChoose: (item) =>
      chooseThenLoad(2, "case", item, visitTypeStep, {
        load: () => api(`/api/portal/cases/${item.case_id}/visit-types`),
        show: (visitTypes) => visitTypeStep.show(visitTypes),
      }),
  });

  const visitTypeStep = choiceStep(form.querySelector("#step-visit-type"), {
    name: "visit-type",
    describe: (type) => ({ value: type.visit_type_id, title: type.name, meta: `${type.duration_minutes} minutes` }),
    emptyText: () => "No kind of visit can be requested for this treatment right now. Please call the clinic.",
    onChoose: (type) => {
      generation += 1;
      clearFrom(3);
      chosen.visitType = type;
      // A case is treated at its own location, so that is the one place offered.
      const places = locations.filter((location) => location.location_id === chosen.case.location_id);
      locationStep.show(places);
    },
  });

  const locationStep = choiceStep(form.querySelector("#step-location"), {
    name: "location",
    describe: (location) => ({
      value: location.location_id,
      title: location.name,
      meta: `${location.address}. Times are in ${zoneName(location.time_zone)}.`,
    }),
    emptyText: () => "This treatment's location doesn't take requests through the portal right now. Please call the clinic.",
    onChoose: (location) => {
      generation += 1;
      clearFrom(4);
      chosen.location = location;
      tell(`${location.name} chosen. Now choose a time.`);
      whenStep.show(chosen);
      flexible.show();
    },
  });

  const whenStep = timeStep(form.querySelector("#step-time"), {
    onProblem: showPageProblem,
    onChoose: (slot) => {
      chosen.slot = slot;
      send.forget();
      repeat.forget();
      sendStep.hidden = !slot;
      if (slot) say(sendStep.querySelector(".chosen-time"), `You chose ${send.describe(slot)}.`);
    },
  });

  const flexible = flexibleTimes(document.getElementById("step-flexible"), { chosen, outcome, onSent });
  const repeat = seriesChoice(document.getElementById("series"), { chosen, onChange: () => send.forget() });
  const note = byId("note", HTMLTextAreaElement);
  const send = sender({
    chosen,
    series: repeat,
    button: document.getElementById("send"),
    note,
    outcome,
    onSent: async ({ taken }) => {
      if (taken) {
        chosen.slot = null;
        sendStep.hidden = true;
        await whenStep.refresh();
        return;
      }
      await onSent();
      repeat.reset();
      clearFrom(4);
      note.value = "";
      whenStep.show(chosen);
    },
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send.send().catch(showPageProblem);
  });

  return {
    chosen,
    start() {
      patientStep.show(patients);
    },
  };
}
