/** The inbox's server-sent events: a change to any task the user can see; debounced, closed with the page. */
export function openTaskStream(onChange: () => void, onOpen?: () => void): () => void {
  const es = new EventSource('/api/tasks/stream');
  let timer: ReturnType<typeof setTimeout> | undefined;
  es.addEventListener('open', () => onOpen?.());
  es.addEventListener('task', () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, 150);
  });
  return () => {
    clearTimeout(timer);
    es.close();
  };
}
