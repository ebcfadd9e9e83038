/**
 * The wait before an SMS code may be asked for again: `wait` counts the seconds down after
 * `start()`, and the timer stops with the page.
 */
import { onBeforeUnmount, ref } from 'vue';

export function useResendCountdown(seconds = 60) {
  const wait = ref(0);
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = () => clearInterval(timer);
  onBeforeUnmount(stop);
  function start() {
    stop();
    wait.value = seconds;
    timer = setInterval(() => {
      wait.value -= 1;
      if (wait.value <= 0) stop();
    }, 1000);
  }
  return { wait, start };
}
