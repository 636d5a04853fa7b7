import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { DeskStore } from './lib/store.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app missing');
// Created outside any component so its derived state is not tied to a component's lifetime.
export default mount(App, { target, props: { store: new DeskStore() } });
