import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { DeskStore } from './lib/store.svelte';
import { addIconFont } from './lib/icon-face';

// Every module above is evaluated: the bundle's own start-up cost ends here.
performance.mark('ui-evaluated');
if (/Linux/.test(navigator.userAgent)) document.documentElement.classList.add('linux');

const target = document.getElementById('app');
if (!target) throw new Error('#app missing');
// Created outside any component so its derived state is not tied to a component's lifetime.
const store = new DeskStore();
store.requestStart();
addIconFont();
const app = mount(App, { target, props: { store } });
performance.mark('ui-mounted');
export default app;
