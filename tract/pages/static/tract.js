// What every page's script shares: tract's own words in the person's language, and a change
// sent to the server as JSON with the page's token, which no other site can set.
window.tract = (() => {
  const words = JSON.parse(document.getElementById("tract-words").textContent);
  const token = document.querySelector('meta[name="tract-session"]')?.content ?? "";
  class Refusal extends Error {}  // the server answered no: sending it again would not help
  return {
    Refusal,
    say: (key, values = {}) => words[key].replace(/\{(\w+)\}/g, (_, name) => values[name]),
    post: async (path, data) => {
      const response = await fetch(path, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-Tract-Session": token },
        body: JSON.stringify(data),
      });
      const answer = await response.json().catch(() => ({}));
      if (response.status >= 500) throw new Error(answer.error || words.no_answer);
      if (!response.ok) throw new Refusal(answer.error || response.statusText);
      return answer;
    },
  };
})();
