/** The browser app's entry: Vue, Element Plus (components registered once), vue-i18n, the router. */
import { createApp } from 'vue';
import 'element-plus/dist/index.css';
import './styles/app.css';
import App from './App.vue';
import { i18n, lang } from './i18n';
import { router } from './router';
import { registerElementPlus } from './element-plus';

document.documentElement.lang = lang.value;
const app = createApp(App);
registerElementPlus(app);
app.use(i18n);
app.use(router);
app.mount('#app');
